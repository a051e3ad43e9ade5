import { forCompany, getJson } from "./api";
import { byId } from "./dom";

/**
 * Puts the company's name (from /v1/signup/config, which `?company=` picks) into the heading and the
 * title: `heading(name)` and `title(name)`. The page works without it.
 */
export async function nameTheCompany(heading: (name: string) => string, title: (name: string) => string) {
  const config = await getJson<{ companyName: string; passwordMinimumLength: number }>(
    forCompany("/v1/signup/config"),
  ).catch(() => null);
  if (!config) return null;
  byId("page-title").textContent = heading(config.companyName);
  document.title = title(config.companyName);
  return config;
}
