/**
 * How every Lambda function is bundled: ONE place for the esbuild options and
 * the list of entries, shared by the CDK stack (through `cdkBundling`) and by
 * anything that wants the very same bundles without CDK (the bundle benchmark
 * calls esbuild's `build` with `esbuildOptionsFor(entry)`).
 *
 * Choices, and why:
 * - ESM output (`index.mjs`), target node22 (the `NODEJS_22_X` runtime), arm64
 *   does not matter to esbuild (pure JavaScript).
 * - minified, tree-shaken, `mainFields: module,main` so packages that ship ES
 *   modules (the AWS SDK v3, middy, zod, powertools) are tree-shaken.
 * - The AWS SDK v3 is BUNDLED, not left external to the copy the Lambda
 *   runtime provides: the functions then run exactly the SDK version the tests
 *   ran against (package-lock), only the commands each function imports are
 *   kept, and one minified file loads faster at cold start than the runtime's
 *   hundreds of SDK files resolved from /var/runtime/node_modules (measured in
 *   infra/README.md). The cost is a larger upload (hundreds of KB per function).
 * - Source maps are written (linked `.map` files, without sources content)
 *   and enabled with NODE_OPTIONS=--enable-source-maps, so stack traces in the
 *   logs point at the TypeScript sources.
 * - The banner defines `require` for the ESM bundle: CommonJS code bundled
 *   into an ES module (and esbuild's `__require` shim) calls `require` for Node
 *   built-ins, which an ES module does not have. The import is aliased to a
 *   name that minified identifiers cannot collide with.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildOptions } from "esbuild";

/** The repository root (where package.json and package-lock.json live). */
export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** esbuild target for the Lambda runtime (`Runtime.NODEJS_22_X`). */
export const NODE_TARGET = "node22";

export const ESM_REQUIRE_SHIM =
  'import { createRequire as __clienteleCreateRequire } from "node:module"; const require = __clienteleCreateRequire(import.meta.url);';

/**
 * Packages that are left out of the bundle. Empty on purpose: the AWS SDK is
 * bundled (see above). Packages installed beside the bundle instead are listed
 * per entry in `nodeModules`.
 */
export const EXTERNAL_MODULES: readonly string[] = [];

/** The esbuild options of every function, minus the entry point and output. */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: "node",
  target: NODE_TARGET,
  format: "esm",
  minify: true,
  treeShaking: true,
  sourcemap: "linked",
  sourcesContent: false,
  mainFields: ["module", "main"],
  banner: { js: ESM_REQUIRE_SHIM },
  external: [...EXTERNAL_MODULES],
  outExtension: { ".js": ".mjs" },
  legalComments: "none",
  logLevel: "warning",
} as const satisfies BuildOptions;

/** A package installed next to the bundle (read from disk at run time), trimmed to the files it needs. */
export interface InstalledModule {
  name: string;
  /** File names (in the package folder) to keep; every other file is deleted from the bundle. */
  keep: readonly string[];
}

export interface LambdaEntry {
  /** The function's name in the API catalog (`RouteSpec.lambda`), or `fallback` / `mailer`. */
  name: string;
  /** Entry file, relative to the project root. */
  entry: string;
  /** Packages installed beside the bundle instead of bundled. */
  nodeModules: readonly InstalledModule[];
  /** Built only when its entry file exists (functions still being written by another issue). */
  optional: boolean;
}

/**
 * The swagger-ui files `lib/docs/reference-page.ts` reads at run time through
 * `require.resolve("swagger-ui-dist/package.json")`: the package is 12 MB on
 * disk, the page needs three files of it.
 */
const SWAGGER_UI: InstalledModule = {
  name: "swagger-ui-dist",
  keep: ["package.json", "swagger-ui.css", "swagger-ui-bundle.js", "LICENSE", "NOTICE"],
};

/** Every Lambda function of the product. */
export const LAMBDA_ENTRIES: readonly LambdaEntry[] = [
  { name: "public", entry: "functions/public.ts", nodeModules: [SWAGGER_UI], optional: false },
  { name: "staff", entry: "functions/staff.ts", nodeModules: [], optional: false },
  { name: "client", entry: "functions/client.ts", nodeModules: [], optional: false },
  { name: "signup", entry: "functions/signup.ts", nodeModules: [], optional: false },
  { name: "fallback", entry: "functions/fallback.ts", nodeModules: [], optional: false },
  { name: "mailer", entry: "functions/mailer.ts", nodeModules: [], optional: true },
];

/** The entries whose files exist now (optional ones may not have been written yet). */
export function presentEntries(root: string = PROJECT_ROOT): LambdaEntry[] {
  return LAMBDA_ENTRIES.filter((e) => existsSync(join(root, e.entry)));
}

/** Full esbuild options for one entry, for building outside CDK (e.g. the bundle benchmark). */
export function esbuildOptionsFor(entry: LambdaEntry, outdir: string, root: string = PROJECT_ROOT): BuildOptions {
  return {
    ...ESBUILD_OPTIONS,
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    external: [...ESBUILD_OPTIONS.external, ...entry.nodeModules.map((m) => m.name)],
    entryPoints: { index: join(root, entry.entry) },
    outdir,
    absWorkingDir: root,
  };
}

/** Shell command that trims an installed package down to its `keep` files (runs after `npm ci` in the bundle). */
export function trimCommand(outputDir: string, module: InstalledModule): string {
  const dir = join(outputDir, "node_modules", module.name);
  const keep = module.keep.map((name) => `! -name '${name}'`).join(" ");
  return `find '${dir}' -type f ${keep} -delete && find '${dir}' -mindepth 1 -type d -empty -delete`;
}
