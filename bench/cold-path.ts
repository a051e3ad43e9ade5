/**
 * What a cold start parses of a split bundle: `index.mjs` and the chunks it
 * imports statically, transitively (esbuild's metafile: `import-statement`
 * imports between output files). Chunks reached only through `import()` are
 * loaded by the requests that need them.
 */
import type { Metafile } from "esbuild";

export interface ColdPath {
  /** Output files (paths as in the metafile) on the cold path, `index.mjs` first. */
  files: string[];
  /** Bytes of JavaScript on the cold path. */
  bytes: number;
  /** Bytes of every JavaScript output of the asset, chunks loaded on demand included. */
  allBytes: number;
  /** Input files (paths from the project root) whose code is on the cold path. */
  inputs: Set<string>;
}

const isScript = (path: string) => path.endsWith(".mjs");

/** `entryFile`: the function's own output (every `import()` target is an entry point of the metafile too). */
export function coldPathOf(metafile: Metafile, entryFile = "index.mjs"): ColdPath {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((path) => path === entryFile || path.endsWith(`/${entryFile}`));
  if (!entry) throw new Error(`the metafile has no output ${entryFile}`);
  const files: string[] = [];
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.shift()!;
    if (files.includes(file)) continue;
    files.push(file);
    for (const imported of outputs[file]!.imports) {
      if (imported.kind === "import-statement" && !imported.external && imported.path in outputs)
        pending.push(imported.path);
    }
  }
  const inputs = new Set(files.flatMap((file) => Object.keys(outputs[file]!.inputs)));
  const bytesOf = (paths: string[]) => paths.reduce((sum, path) => sum + outputs[path]!.bytes, 0);
  return { files, bytes: bytesOf(files), allBytes: bytesOf(Object.keys(outputs).filter(isScript)), inputs };
}
