import { problems } from "./problem";

export const etagOf = (version: number) => `"${version}"`;

/**
 * The version an `If-Match` header asks for: undefined when absent or `*`.
 * Accepts the ETag (`"3"`, `W/"3"`) or the bare version number.
 */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === "*") return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(ifMatch);
  if (!match) throw problems.badRequest("bad-if-match", 'If-Match takes the ETag of the resource, e.g. `"3"`.');
  return Number(match[1]);
}
