import { unpackText } from "../packed/packed-text";
import { OPENAPI_DOCUMENT } from "./openapi-document";

/**
 * The OpenAPI document the public function serves: `buildOpenApiDocument(ROUTES)`
 * generated ahead (lib/api/openapi-document.ts, `npm run generate:lean`) with
 * this installation as its server. Building it at run time would bundle every
 * route's schemas, zod-openapi and the checks they call (about 260 KiB) into
 * the function and cost the first request about 90 ms.
 */
let document: Record<string, unknown> | undefined;

export function servedOpenApiDocument(serverUrl: string): Record<string, unknown> {
  document ??= JSON.parse(unpackText(OPENAPI_DOCUMENT)) as Record<string, unknown>;
  const { openapi, info, ...rest } = document;
  // The order of buildOpenApiDocument(ROUTES, serverUrl): servers after info.
  return { openapi, info, servers: [{ url: serverUrl, description: "This installation" }], ...rest };
}
