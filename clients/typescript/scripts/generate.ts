import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from "openapi-typescript";
import { ROUTES } from "../../../lib/api/catalog";
import { buildOpenApiDocument } from "../../../lib/api/openapi";

/** Where the generated types live; checked in, and a test fails when they no longer match the document. */
export const TYPES_FILE = fileURLToPath(new URL("../src/api-types.ts", import.meta.url));

const HEADER = `${COMMENT_HEADER}// From the document GET /openapi.json serves. Do not edit: \`npm run client:generate\` rewrites it.\n\n`;

/** The API's OpenAPI document, as `/openapi.json` serves it but without the server's own origin. */
export function apiDocument(): OpenAPI3 {
  return buildOpenApiDocument(ROUTES) as OpenAPI3;
}

/** The TypeScript types of a document, as the checked-in file holds them. */
export async function generateTypes(document: OpenAPI3 = apiDocument()): Promise<string> {
  // A field with a default is optional to send; the document already marks what answers always carry.
  const ast = await openapiTS(document, { silent: true, defaultNonNullable: false });
  return `${HEADER}${astToString(ast)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(TYPES_FILE, await generateTypes());
  console.log(`wrote ${TYPES_FILE}`);
}
