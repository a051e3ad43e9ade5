import type { RE2JS } from "re2js";

/**
 * RE2 (re2js, 147 KiB minified), loaded by the requests that define or check
 * a custom-field pattern: a dynamic import, so the bundles keep it in a chunk
 * that a cold start does not parse (bench/README.md).
 */
let loading: Promise<typeof RE2JS> | undefined;
let engine: typeof RE2JS | undefined;

/** Loads RE2 once; `re2()` may be called after it resolves. */
export function loadRe2(): Promise<typeof RE2JS> {
  loading ??= import("re2js").then(
    (module) => {
      engine = module.RE2JS;
      return engine;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The engine `loadRe2()` loaded; pattern checks are synchronous, so their callers load it first. */
export function re2(): typeof RE2JS {
  if (!engine) throw new Error("RE2 is not loaded: await loadRe2() before checking patterns");
  return engine;
}
