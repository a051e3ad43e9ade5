/**
 * The hosted pages' browser code: web/<name>/main.ts, bundled by esbuild with
 * what it imports (web/shared, the pure rules of lib/domain/input-rules.ts,
 * the CSS) into `<name>.js` and `<name>.css`. One set of options for both
 * places the files are built: into a Lambda bundle's pages/ folder while CDK
 * bundles the function (scripts/build-pages.ts, run by infra/functions.ts),
 * and in memory by the local server (functions/local.ts). Never imported by a
 * Lambda handler: esbuild is a devDependency.
 */
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build } from "esbuild";
import type { PageFileSource } from "./serve";

/** Every hosted page with browser code, by name; its entry module is web/<name>/main.ts. */
export const PAGES = [
  "signup",
  "signin",
  "account",
  "forgot-password",
  "reset-password",
  "verify-email",
  "accept-invitation",
] as const;

export type PageName = (typeof PAGES)[number];

/** Where a page is served, its files beside it (`<path>/<name>.js`): the staff invitation's is under /staff. */
export const pagePath = (name: PageName): string =>
  name === "accept-invitation" ? "/staff/accept-invitation" : `/${name}`;

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const PAGE_BUILD_OPTIONS = {
  bundle: true,
  platform: "browser",
  format: "iife",
  // Browsers of the last few years; esbuild lowers newer syntax, and web/tsconfig.json allows no newer library.
  target: "es2022",
  minify: true,
  legalComments: "none",
  charset: "utf8",
  logLevel: "warning",
} as const satisfies BuildOptions;

function pageBuildOptions(names: readonly string[], outdir: string): BuildOptions {
  return {
    ...PAGE_BUILD_OPTIONS,
    entryPoints: Object.fromEntries(names.map((name) => [name, join(ROOT, "web", name, "main.ts")])),
    outdir,
    absWorkingDir: ROOT,
  };
}

/** Writes the pages' files into `outdir`. */
export async function writePages(outdir: string, names: readonly string[] = PAGES): Promise<void> {
  await build(pageBuildOptions(names, outdir));
}

/** The pages' files in memory, by file name (`signup.js`, `signup.css`). */
export async function buildPages(names: readonly string[] = PAGES): Promise<Map<string, string>> {
  // The output folder only names the files: nothing is written.
  const result = await build({ ...pageBuildOptions(names, join(ROOT, "pages")), write: false });
  return new Map(result.outputFiles.map((file) => [basename(file.path), file.text]));
}

/** The local server's source: every page built on the first request for a file (restart to pick up edits). */
export function pagesBuiltOnDemand(): PageFileSource {
  let built: Promise<Map<string, string>> | undefined;
  return async (fileName) => {
    built ??= buildPages().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    const text = (await built).get(fileName);
    if (text === undefined) throw new Error(`No page file named ${fileName} was built.`);
    return text;
  };
}
