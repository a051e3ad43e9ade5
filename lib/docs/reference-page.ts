import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { INIT_JS, THEME_CSS } from "./reference-theme";

/** Swagger UI's files, read from the swagger-ui-dist package. */
const PACKAGE_ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

const OWN_ASSETS: Record<string, StaticFile> = {
  "init.js": { body: INIT_JS, contentType: "text/javascript; charset=utf-8" },
  "theme.css": { body: THEME_CSS, contentType: "text/css; charset=utf-8" },
};

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";

export const REFERENCE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clientele API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="stylesheet" href="/docs/theme.css">
</head>
<body>
<div id="reference"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

export interface StaticFile {
  body: string;
  contentType: string;
}

export function referencePage(): StaticFile & { csp: string } {
  return { body: REFERENCE_HTML, contentType: "text/html; charset=utf-8", csp: CSP };
}

/** A file of the reference page: our own, or Swagger UI's from its package; null for anything else. */
export async function referenceAsset(name: string): Promise<StaticFile | null> {
  // Own keys only: `constructor` or `__proto__` must not find Object.prototype's members.
  if (Object.hasOwn(OWN_ASSETS, name)) return OWN_ASSETS[name]!;
  const contentType = Object.hasOwn(PACKAGE_ASSETS, name) ? PACKAGE_ASSETS[name] : undefined;
  if (!contentType) return null;
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve("swagger-ui-dist/package.json"));
  return { body: await readFile(join(dir, name), "utf8"), contentType };
}
