import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem, type } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = join(BENCH_DIR, "..");

/** Where and when a run happened: printed above every table and stored beside every result. */
export function machine() {
  const cores = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    os: `${type()} ${process.arch}`,
    cpu: `${cores[0]?.model.trim() ?? "unknown"} × ${cores.length}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
}

export function printMachine(info = machine()): void {
  console.log(`${info.date}  Node ${info.node}  ${info.os}  ${info.cpu}  ${info.memoryGiB} GiB`);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** A plain text table; numbers are right-aligned. */
export function printTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): void {
  const cells = [header, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: string[], source: readonly (string | number)[]) =>
    row
      .map((cell, i) => (typeof source[i] === "number" ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ");
  console.log(line(cells[0]!, header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const [i, row] of rows.entries()) console.log(line(cells[i + 1]!, row));
}

export function writeResult(name: string, result: unknown): string {
  const file = join(BENCH_DIR, "results", `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
