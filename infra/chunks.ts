/**
 * The chunks of a split bundle, from esbuild's metafile. esbuild emits a chunk
 * for every `import()` of every module it reaches, even one inside a function
 * that tree shaking removed: such a chunk is imported by no output and can
 * never load. So what a function can run is what `index.mjs` reaches through
 * static and dynamic imports, and what a cold start parses is what it reaches
 * through static imports alone.
 */
import type { Metafile } from "esbuild";

type ImportKind = "import-statement" | "dynamic-import";

const isScript = (path: string) => path.endsWith(".mjs");

/** Output files (paths as in the metafile) reached from the entry's output through imports of these kinds. */
export function outputsReachedFrom(
  metafile: Metafile,
  kinds: readonly ImportKind[],
  entryFile = "index.mjs",
): string[] {
  const outputs = metafile.outputs;
  // Not by `entryPoint`: every `import()` target is an entry point of the metafile too.
  const entry = Object.keys(outputs).find((path) => path === entryFile || path.endsWith(`/${entryFile}`));
  if (!entry) throw new Error(`the metafile has no output ${entryFile}`);
  const reached: string[] = [];
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.shift()!;
    if (reached.includes(file)) continue;
    reached.push(file);
    for (const imported of outputs[file]!.imports) {
      if ((kinds as readonly string[]).includes(imported.kind) && !imported.external && imported.path in outputs) {
        pending.push(imported.path);
      }
    }
  }
  return reached;
}

export interface ColdPath {
  /** Output files on the cold path, `index.mjs` first. */
  files: string[];
  /** Bytes of JavaScript on the cold path. */
  bytes: number;
  /** Bytes of all the JavaScript the function can load, the chunks loaded on demand included. */
  allBytes: number;
  /** Input files (paths from the project root) whose code is on the cold path. */
  inputs: Set<string>;
}

/** What a cold start parses: `index.mjs` and the chunks it imports statically, transitively. */
export function coldPathOf(metafile: Metafile, entryFile = "index.mjs"): ColdPath {
  const outputs = metafile.outputs;
  const files = outputsReachedFrom(metafile, ["import-statement"], entryFile);
  const loadable = outputsReachedFrom(metafile, ["import-statement", "dynamic-import"], entryFile).filter(isScript);
  const inputs = new Set(files.flatMap((file) => Object.keys(outputs[file]!.inputs)));
  const bytesOf = (paths: string[]) => paths.reduce((sum, path) => sum + outputs[path]!.bytes, 0);
  return { files, bytes: bytesOf(files), allBytes: bytesOf(loadable), inputs };
}
