import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * What keeps the Lambda bundles small (bench/README.md): esbuild cannot
 * tree-shake `import { z } from "zod"` (the `z` object carries every locale,
 * about 350 KB minified, into each function), while `import * as z from "zod"`
 * keeps only what is used.
 */
const ROOT = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

it("bundled code imports zod as a namespace, never its `z` object or default export", () => {
  const offenders = [...sources("lib"), ...sources("functions")]
    .filter((file) => /^import (?:\{ z \}|z) from "zod";$/m.test(readFileSync(file, "utf8")))
    .map((file) => relative(ROOT, file));
  expect(offenders).toEqual([]);
});

/**
 * What each function bundles, by input file (esbuild's metafile, the CDK
 * app's options): a future import must not bring back the weight that
 * bench/README.md measured and removed. Bundles are split into chunks; the
 * cold path is `index.mjs` and the chunks it imports statically
 * (infra/chunks.ts), what a cold start parses.
 */
/**
 * Each function's cold path at most this many KiB of minified JavaScript: about 5 % above what it was when the
 * budget was last set (bench/README.md has the run). A cold path over its budget is a decision to take, not a
 * drift: find what came in (`npm run bench -- bundles` lists the largest packages) before raising the number.
 */
const BUDGET_KIB: Readonly<Record<string, number>> = {
  billing: 410,
  browse: 380,
  client: 465,
  clients: 485,
  fallback: 50,
  importer: 475,
  imports: 400,
  mailer: 395,
  "password-resets": 240,
  "pool-keys": 30,
  public: 475,
  recovery: 400,
  settings: 420,
  signup: 475,
  staff: 410,
  sweeper: 395,
  "webhook-sweeper": 260,
  webhooks: 260,
};

/**
 * Loaded with `await import()` by the requests that need them, never on an API function's cold path:
 * re2js (custom-field patterns), libphonenumber (phone numbers on writes, imports, duplicate search), the
 * Cognito and KMS clients (lib/identity/cognito/, lib/crypto/kms/), csv-stringify and csv-parse (exports, imports).
 */
const LAZY_MODULES =
  /node_modules\/(re2js|libphonenumber-js|@aws-sdk\/client-cognito-identity-provider|@aws-sdk\/client-kms|csv-stringify|csv-parse)\/|^lib\/domain\/phone-metadata\.ts$/;

describe("what the Lambda bundles leave out", () => {
  /** Every input of each function's asset, chunks loaded on demand included. */
  let inputsByFunction: Map<string, string[]>;
  /** The inputs on each function's cold path. */
  const coldInputsByFunction = new Map<string, string[]>();
  const kibByFunction = new Map<string, number>();
  let apiFunctions: string[];

  beforeAll(async () => {
    const { build } = await import("esbuild");
    const { BACKGROUND_FUNCTIONS, esbuildOptionsFor, lambdaEntries } = await import("../../infra/bundling");
    const { coldPathOf } = await import("../../infra/chunks");
    inputsByFunction = new Map();
    const entries = lambdaEntries(ROOT);
    apiFunctions = entries
      .map((e) => e.name)
      .filter((name) => !(BACKGROUND_FUNCTIONS as readonly string[]).includes(name));
    for (const entry of entries) {
      const result = await build({
        ...esbuildOptionsFor(entry, join(ROOT, "node_modules", ".cache", "hygiene", entry.name), ROOT),
        metafile: true,
        write: false,
        logLevel: "error",
      });
      inputsByFunction.set(entry.name, Object.keys(result.metafile!.inputs));
      const cold = coldPathOf(result.metafile!);
      coldInputsByFunction.set(entry.name, [...cold.inputs]);
      kibByFunction.set(entry.name, Math.round(cold.bytes / 1024));
    }
  }, 120_000);

  const offendersIn = (byFunction: Map<string, string[]>, pattern: RegExp, except: string[] = []) =>
    [...byFunction]
      .filter(([name]) => !except.includes(name))
      .flatMap(([name, inputs]) => inputs.filter((input) => pattern.test(input)).map((input) => `${name}: ${input}`));
  const offenders = (pattern: RegExp, except: string[] = []) => offendersIn(inputsByFunction, pattern, except);

  it("no function bundles iso-3166: the codes (lib/geo/codes-data.ts) or the packed names (lib/geo/names-data.ts) only", () => {
    expect(offenders(/node_modules\/iso-3166\//)).toEqual([]);
  });

  it("only the public function (the lists) and the import (state names in WHMCS and Blesta files) bundle the subdivision names", () => {
    expect(offenders(/^lib\/geo\/names-data\.ts$/, ["public", "imports", "importer"])).toEqual([]);
  });

  it("no function builds the OpenAPI document: the public function serves the generated one (lib/api/openapi-document.ts)", () => {
    expect(offenders(/node_modules\/zod-openapi\/|lib\/api\/openapi\.ts$|lib\/api\/catalog\.ts$/)).toEqual([]);
  });

  it("no function bundles libphonenumber's own metadata: the trimmed lib/domain/phone-metadata.ts only", () => {
    expect(offenders(/node_modules\/libphonenumber-js\/(metadata|max|mobile|min\/)/)).toEqual([]);
  });

  it("no function bundles the SDK's default credential chain (profiles, SSO, STS): the environment's credentials only", () => {
    expect(
      offenders(/@aws-sdk\/(credential-provider-(node|ini|sso|login|process|web-identity|http)|nested-clients)\//),
    ).toEqual([]);
  });

  it("only the functions that validate or document a record bundle its schemas (the constants and views live apart)", () => {
    expect(offenders(/^lib\/domain\/staff\.ts$/, ["staff"])).toEqual([]);
    expect(offenders(/^lib\/domain\/billing\.ts$/, ["billing"])).toEqual([]);
    expect(offenders(/^lib\/domain\/client\.ts$/, ["client", "clients", "signup", "imports", "importer"])).toEqual([]);
  });

  it("no API function has re2js, libphonenumber, the Cognito or KMS client or the CSV packages on its cold path", () => {
    const background = [...coldInputsByFunction.keys()].filter((name) => !apiFunctions.includes(name));
    expect(offendersIn(coldInputsByFunction, LAZY_MODULES, background)).toEqual([]);
    // They are still in the assets that use them, in chunks loaded on demand (else this test would pass vacuously).
    expect(offenders(/node_modules\/re2js\//).map((o) => o.split(":")[0])).toContain("clients");
    expect(
      offenders(/node_modules\/@aws-sdk\/client-cognito-identity-provider\//).map((o) => o.split(":")[0]),
    ).toContain("signup");
  });

  it("every function's cold path stays within its size budget", () => {
    const over = [...kibByFunction]
      .filter(([name, kib]) => !(kib <= (BUDGET_KIB[name] ?? 0)))
      .map(([name, kib]) => `${name}: ${kib} KiB, budget ${BUDGET_KIB[name] ?? "none"}`);
    expect(over).toEqual([]);
  });

  it("the fallback bundles no schema, no route spec and no AWS SDK", () => {
    expect(
      offenders(/node_modules\/zod|lib\/api\/routes\/|lib\/domain\/|@aws-sdk/).filter((o) => o.startsWith("fallback:")),
    ).toEqual([]);
  });
});

/**
 * Loads each function's module the way a cold start does, in a fresh process, and counts the zod schemas
 * constructed meanwhile (zod calls `globalThis.__zod_globalConfig.postProcessor` with every schema it builds).
 * Building them at load cost each function 5 to 15 ms of every cold start (bench/README.md); they are built
 * on their first use instead (`onFirstUse`, lib/domain/on-first-use.ts; route specs read them through getters).
 */
it("no function builds a zod schema while it loads", () => {
  const names = readdirSync(join(ROOT, "functions"))
    .filter((file) => file.endsWith(".ts") && file !== "local.ts")
    .map((file) => file.slice(0, -".ts".length));
  const script = [
    "let built = 0;",
    "globalThis.__zod_globalConfig = { postProcessor: () => { built++; } };",
    "const counts = {};",
    `for (const name of ${JSON.stringify(names)}) {`,
    "  const before = built;",
    '  await import("./functions/" + name + ".ts");',
    "  counts[name] = built - before;",
    "}",
    "process.stdout.write(JSON.stringify(counts));",
  ].join("\n");
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  expect(child.stderr).toBe("");
  const counts = JSON.parse(child.stdout) as Record<string, number>;
  expect(Object.keys(counts)).toHaveLength(names.length);
  expect(Object.entries(counts).filter(([, built]) => built > 0)).toEqual([]);
}, 60_000);
