import type { ImportRowError } from "../domain/import";
import { InvalidInputError } from "../errors/application-errors";
import { restoreFormula } from "../transfer/client-columns";

/** A field longer than this is no client field: the parser stops there instead of buffering the rest of the file. */
const MAX_RECORD_BYTES = 64 * 1024;
const MAX_COLUMNS = 200;

export interface CsvRow {
  /** Data rows count from 1; the header is not a row. */
  row: number;
  cells: string[];
}

export interface CsvFile {
  header: string[];
  rows: CsvRow[];
  /** Rows that cannot be read as records of this header (a wrong number of fields). */
  errors: ImportRowError[];
  encoding: "utf-8" | "utf-16" | "windows-1252";
}

/**
 * Text of an uploaded file: UTF-8 when the bytes are valid UTF-8 (a BOM is
 * dropped), UTF-16 when a UTF-16 BOM says so (Excel's "Unicode text"), and
 * otherwise windows-1252, the superset of Latin-1 that spreadsheets on
 * Windows write: every byte sequence decodes, so no file is refused for its encoding.
 */
export function decodeText(bytes: Buffer): { text: string; encoding: CsvFile["encoding"] } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes), encoding: "utf-16" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes), encoding: "utf-16" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}

/** Comma, or the semicolon or tab that spreadsheets in some locales write, whichever the header line holds most of. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  return [",", ";", "\t"].reduce((best, c) => (count(c) > count(best) ? c : best), ",");
}

const fileProblem = (code: string, message: string, errors: { path: string; message: string }[] = []) =>
  new InvalidInputError(errors, message, code);

/**
 * Reads a CSV file (RFC 4180: quoted fields, doubled quotes, CRLF or LF) with
 * csv-parse. A quoting error makes every later record boundary a guess, so it
 * refuses the whole file with its line; a row with another number of fields
 * than the header is a row error; blank rows are skipped. csv-parse is imported
 * here, on demand, so that the imports function's other requests never load it.
 */
export async function readCsv(bytes: Buffer | undefined): Promise<CsvFile> {
  if (!bytes || bytes.byteLength === 0)
    throw fileProblem("empty-file", "The file is empty: send a CSV file with a header row.");
  const { text, encoding } = decodeText(bytes);
  const { CsvError, parse } = await import("csv-parse/sync");
  let records: { record: string[]; info: { records: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text.replace(/^\uFEFF/, "")),
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as InstanceType<typeof CsvError> & { lines?: number }).lines;
    throw fileProblem("malformed-csv", `The file is not valid CSV${line ? ` (line ${line})` : ""}: ${error.message}`, [
      { path: line ? `line ${line}` : "file", message: error.message },
    ]);
  }
  const [first, ...rest] = records;
  const header = (first?.record ?? []).map((name) => name.trim());
  if (header.length === 0 || header.every((name) => name === "")) {
    throw fileProblem("empty-file", "The file has no header row: its first line must name the columns.");
  }
  if (header.length > MAX_COLUMNS) {
    throw fileProblem("malformed-csv", `The header has ${header.length} columns; at most ${MAX_COLUMNS} are read.`);
  }
  const rows: CsvRow[] = [];
  const errors: ImportRowError[] = [];
  for (const { record, info } of rest) {
    const row = info.records - 1;
    if (record.every((cell) => cell.trim() === "")) continue;
    if (record.length !== header.length) {
      errors.push({
        row,
        column: null,
        message: `This row has ${record.length} fields; the header has ${header.length}. Quote values that contain the delimiter.`,
      });
      continue;
    }
    rows.push({ row, cells: record.map(restoreFormula) });
  }
  return { header, rows, errors, encoding };
}
