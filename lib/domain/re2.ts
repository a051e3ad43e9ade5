import { createRequire } from "node:module";
import type { RE2JS } from "re2js";

/**
 * RE2 (re2js, 147 KiB minified), loaded on its first use: only requests that
 * define or check a custom-field pattern need it, and evaluating it at import
 * cost the cold start of every function that can (clients, client, signup,
 * settings, imports) about 12 ms of CPU (bench/README.md).
 *
 * Written as `require("re2js")` so that esbuild bundles the package as a
 * CommonJS module whose code runs on the first call rather than at the
 * bundle's import (a Lambda bundle defines `require`: the banner of
 * infra/bundling.ts); the sources, run as ES modules by the tests and the
 * local server, have no `require` and load the same build through createRequire.
 */
let engine: typeof RE2JS | undefined;

export function re2(): typeof RE2JS {
  engine ??= (
    (typeof require === "function" ? require("re2js") : createRequire(import.meta.url)("re2js")) as {
      RE2JS: typeof RE2JS;
    }
  ).RE2JS;
  return engine;
}
