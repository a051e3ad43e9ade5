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
describe("what the Lambda bundles leave out", () => {
  let inputsByFunction: Map<string, string[]>;

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
    }
  }, 120_000);

  const offenders = (pattern: RegExp, except: string[] = []) =>
    [...inputsByFunction]
      .filter(([name]) => !except.includes(name))
      .flatMap(([name, inputs]) => inputs.filter((input) => pattern.test(input)).map((input) => `${name}: ${input}`));

  it("no function bundles iso-3166: the codes (lib/geo/codes-data.ts) or the packed names (lib/geo/names-data.ts) only", () => {
    expect(offenders(/node_modules\/iso-3166\//)).toEqual([]);
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

  it("the fallback bundles no schema, no route spec and no AWS SDK", () => {
    expect(
      offenders(/node_modules\/zod|lib\/api\/routes\/|lib\/domain\/|@aws-sdk/).filter((o) => o.startsWith("fallback:")),
    ).toEqual([]);
  });
});
