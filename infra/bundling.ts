/**
 * How every Lambda function is bundled: ONE place for the esbuild options and
 * the list of entries, shared by the CDK stack (its assets are built by
 * `buildFunctionAsset`) and by anything that wants the very same bundles
 * without CDK (the bundle benchmark calls esbuild's `build` with
 * `esbuildOptionsFor(entry)`).
 *
 * Choices, and why:
 * - ESM output (`index.mjs`), target node22 (the `NODEJS_22_X` runtime), arm64
 *   does not matter to esbuild (pure JavaScript).
 * - Code splitting: `index.mjs` plus `chunks/*.mjs`. What only some requests
 *   need (re2js, libphonenumber, the Cognito and KMS clients, csv-stringify) is
 *   loaded with `await import()` where it is used, so it lands in a chunk that
 *   a cold start does not parse (bench/README.md measures the cold path).
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
 * - The SDK's default credential chain is replaced by the environment
 *   variables alone (`LAMBDA_ALIASES`, lib/aws/lambda-credentials.ts): the
 *   only link that answers in Lambda, without the ~130 KiB of the others.
 * - The banner defines `require` for the ESM bundle: CommonJS code bundled
 *   into an ES module (and esbuild's `__require` shim) calls `require` for Node
 *   built-ins, which an ES module does not have. The import is aliased to a
 *   name that minified identifiers cannot collide with. esbuild writes the
 *   banner at the top of every output file, chunks included, so CommonJS code
 *   in a chunk finds `require` too.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, buildSync } from "esbuild";
import { ROUTES } from "../lib/api/catalog";
import type { RouteSpec } from "../lib/http/route";
import { PAGES, type PageName } from "../lib/pages/build";
import { outputsReachedFrom } from "./chunks";

/** The repository root (where package.json and package-lock.json live). */
export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** esbuild target for the Lambda runtime (`Runtime.NODEJS_22_X`). */
export const NODE_TARGET = "node22";

export const ESM_REQUIRE_SHIM =
  'import { createRequire as __clienteleCreateRequire } from "node:module"; const require = __clienteleCreateRequire(import.meta.url);';

/**
 * Packages that are left out of the bundle. Empty on purpose: the AWS SDK is
 * bundled (see above). Packages copied beside the bundle instead are listed
 * per entry in `nodeModules`.
 */
export const EXTERNAL_MODULES: readonly string[] = [];

/**
 * Packages replaced in every bundle by a module of this project (paths from the project root): what the
 * SDK clients import for credentials becomes the environment variables Lambda sets, nothing else.
 */
export const LAMBDA_ALIASES: Readonly<Record<string, string>> = {
  "@aws-sdk/credential-provider-node": "lib/aws/lambda-credentials.ts",
};

/** `LAMBDA_ALIASES` as esbuild takes them, absolute so that they resolve from any working directory. */
export function aliasesFrom(root: string): Record<string, string> {
  return Object.fromEntries(Object.entries(LAMBDA_ALIASES).map(([name, path]) => [name, join(root, path)]));
}

/** The esbuild options of every function, minus the entry point and output (and the aliases, which need the root). */
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
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  legalComments: "none",
  logLevel: "warning",
} as const satisfies BuildOptions;

/** A package read from disk at run time, so copied next to the bundle: only the files it needs. */
export interface InstalledModule {
  name: string;
  /** File names (in the package folder) copied into the asset's `node_modules/<name>/`. */
  keep: readonly string[];
}

export interface LambdaEntry {
  /** The function's name: a `RouteSpec.lambda` of the route catalog, `fallback` or a background function. */
  name: string;
  /** Entry file, relative to the project root: always `functions/<name>.ts`. */
  entry: string;
  /** Packages copied beside the bundle instead of bundled. */
  nodeModules: readonly InstalledModule[];
  /** Hosted pages whose browser files the function serves, built into pages/ beside the bundle. */
  pages: readonly PageName[];
}

/**
 * The swagger-ui files `lib/docs/reference-page.ts` reads at run time through
 * `require.resolve("swagger-ui-dist/package.json")`: the package is 12 MB on
 * disk, the page needs three files of it.
 */
export const SWAGGER_UI: InstalledModule = {
  name: "swagger-ui-dist",
  keep: ["package.json", "swagger-ui.css", "swagger-ui-bundle.js", "LICENSE", "NOTICE"],
};

/** Packages a function reads from disk at run time (so they cannot be bundled), by function name. */
export const INSTALLED_MODULES: Readonly<Record<string, readonly InstalledModule[]>> = {
  public: [SWAGGER_UI],
};

/**
 * Hosted pages (lib/pages/build.ts) by the function that serves them: their
 * script and style sheet are built from web/ while the function is bundled
 * and read by lib/pages/serve.ts at run time.
 */
export const SERVED_PAGES: Readonly<Record<string, readonly PageName[]>> = {
  signup: [...PAGES],
};

export function lambdaEntry(name: string): LambdaEntry {
  return {
    name,
    entry: `functions/${name}.ts`,
    nodeModules: INSTALLED_MODULES[name] ?? [],
    pages: SERVED_PAGES[name] ?? [],
  };
}

/**
 * Functions that serve no route: the mailer, the import worker, the webhook deliverer and the
 * password-reset worker on the table's stream, the outbox and webhook sweepers on schedules.
 */
export const BACKGROUND_FUNCTIONS = [
  "mailer",
  "sweeper",
  "importer",
  "webhooks",
  "webhook-sweeper",
  "password-resets",
  "pool-keys",
] as const;

/**
 * Every Lambda function of the product: one per `lambda` named in the route
 * catalog (so a new route group is built as soon as its routes are in the
 * catalog), the `$default` fallback, and each background function whose file exists.
 */
export function lambdaEntries(root: string = PROJECT_ROOT, routes: readonly RouteSpec[] = ROUTES): LambdaEntry[] {
  const entries = [...new Set(routes.map((r) => r.lambda)), "fallback"].map(lambdaEntry);
  for (const name of BACKGROUND_FUNCTIONS) {
    const entry = lambdaEntry(name);
    if (existsSync(join(root, entry.entry))) entries.push(entry);
  }
  return entries;
}

/** Full esbuild options for one entry, for building outside CDK (e.g. the bundle benchmark). */
export function esbuildOptionsFor(entry: LambdaEntry, outdir: string, root: string = PROJECT_ROOT): BuildOptions {
  return {
    ...ESBUILD_OPTIONS,
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    external: [...ESBUILD_OPTIONS.external, ...entry.nodeModules.map((m) => m.name)],
    alias: aliasesFrom(root),
    entryPoints: { index: join(root, entry.entry) },
    outdir,
    absWorkingDir: root,
  };
}

/**
 * Builds a function's whole asset into `outdir`, synchronously (CDK's local
 * bundling cannot wait): `index.mjs` and the chunks it can load with
 * `esbuildOptionsFor` (the chunks no output imports are deleted: they come from
 * `import()`s in code that tree shaking removed, and would only make the asset
 * look as if it made calls it cannot make), then the hosted pages' browser files into `pages/` (scripts/build-pages.ts,
 * the local server's options) and the `keep` files of the packages read from
 * disk at run time into `node_modules/`.
 */
export function buildFunctionAsset(entry: LambdaEntry, outdir: string, root: string = PROJECT_ROOT): void {
  const { metafile } = buildSync({ ...esbuildOptionsFor(entry, outdir, root), metafile: true });
  const loadable = new Set(outputsReachedFrom(metafile, ["import-statement", "dynamic-import"]));
  for (const output of Object.keys(metafile.outputs).filter((path) => path.endsWith(".mjs") && !loadable.has(path))) {
    rmSync(join(root, output));
    rmSync(join(root, `${output}.map`), { force: true });
  }
  if (entry.pages.length > 0) {
    const tsx = join(root, "node_modules", ".bin", "tsx");
    execFileSync(tsx, [join(root, "scripts", "build-pages.ts"), join(outdir, "pages"), ...entry.pages], {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  for (const module of entry.nodeModules) {
    const target = join(outdir, "node_modules", module.name);
    mkdirSync(target, { recursive: true });
    for (const file of module.keep) cpSync(join(root, "node_modules", module.name, file), join(target, file));
  }
}
