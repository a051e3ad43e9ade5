import { keys } from "./keys";
import { getEntity } from "./operations";

/** The company a fresh installation starts with (written by the bootstrap); null before that. */
export async function defaultCompanyId(): Promise<string | null> {
  const installation = await getEntity<{ defaultCompanyId?: string }>(keys.installation());
  return installation?.defaultCompanyId ?? null;
}
