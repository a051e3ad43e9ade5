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
 * bench/README.md measured and removed.
 */
/**
 * Each function's minified bundle at most this many KiB: about 5 % above what it was when the budget was last set
 * (bench/README.md has the run). A bundle over its budget is a decision to take, not a drift: find what came in
 * (`npm run bench -- bundles` lists the largest packages) before raising the number.
 */
const BUDGET_KIB: Readonly<Record<string, number>> = {
  billing: 455,
  browse: 470,
  client: 770,
  clients: 805,
  fallback: 50,
  importer: 780,
  imports: 775,
  mailer: 440,
  public: 555,
  recovery: 480,
  settings: 620,
  signup: 780,
  staff: 495,
  sweeper: 440,
  "webhook-sweeper": 300,
  webhooks: 305,
};

describe("what the Lambda bundles leave out", () => {
  let inputsByFunction: Map<string, string[]>;
  const kibByFunction = new Map<string, number>();

  beforeAll(async () => {
    const { build } = await import("esbuild");
    const { esbuildOptionsFor, lambdaEntries } = await import("../../infra/bundling");
    inputsByFunction = new Map();
    for (const entry of lambdaEntries(ROOT)) {
      const result = await build({
        ...esbuildOptionsFor(entry, join(ROOT, "node_modules", ".cache", "hygiene", entry.name), ROOT),
        metafile: true,
        write: false,
        logLevel: "error",
      });
      inputsByFunction.set(entry.name, Object.keys(result.metafile!.inputs));
      const code = result.outputFiles!.find((file) => file.path.endsWith(".mjs"))!;
      kibByFunction.set(entry.name, Math.round(code.contents.byteLength / 1024));
    }
  }, 120_000);

  const offenders = (pattern: RegExp, except: string[] = []) =>
    [...inputsByFunction]
      .filter(([name]) => !except.includes(name))
      .flatMap(([name, inputs]) => inputs.filter((input) => pattern.test(input)).map((input) => `${name}: ${input}`));

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

  it("re2js is bundled as the CommonJS module lib/domain/re2.ts runs on first use, never evaluated at import", () => {
    expect(offenders(/node_modules\/re2js\/build\/index\.js$/)).toEqual([]);
  });

  it("every function stays within its size budget", () => {
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
