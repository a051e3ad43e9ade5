import { brotliDecompressSync } from "node:zlib";

/**
 * Text that a Lambda bundle carries compressed (brotli, then base64) because
 * only a rarely used route reads it: the generated tables of
 * scripts/lean-tables.ts (the OpenAPI document, the subdivision names). A
 * string literal costs the import almost nothing to parse; it is decompressed
 * on first use, in about a millisecond.
 */
export function unpackText(packed: string): string {
  return brotliDecompressSync(Buffer.from(packed, "base64")).toString("utf8");
}
