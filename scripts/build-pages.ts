/**
 * Builds the hosted pages' files (lib/pages/build.ts) into a folder:
 * `tsx scripts/build-pages.ts <outdir> [page ...]`, every page when none is named.
 * The CDK bundling runs it to put them beside a function's index.mjs.
 */
import { PAGES, writePages } from "../lib/pages/build";

const [outdir, ...names] = process.argv.slice(2);
if (!outdir) {
  console.error("Usage: tsx scripts/build-pages.ts <outdir> [page ...]");
  process.exit(2);
}
await writePages(outdir, names.length > 0 ? names : PAGES);
