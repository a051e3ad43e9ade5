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
