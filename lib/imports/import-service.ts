import { forEachBounded } from "../async/bounded";
import { type ClientContext, clientContext } from "../clients/client-settings";
import { createRuleErrors, usernameTaken } from "../clients/create-client";
import { loadCompany } from "../companies/company-service";
import type { ClientCreate } from "../domain/client";
import type { Actor } from "../domain/history";
import {
  finalStatus,
  type ImportChunk,
  type ImportJob,
  type ImportOptions,
  type ImportRowError,
  MAX_KEPT_ERRORS,
  type StagedRow,
} from "../domain/import";
import { InvalidInputError, NotFoundError } from "../errors/application-errors";
import { numbersInUse } from "../store/browse-repository";
import { moveClientCounterPast } from "../store/company-repository";
import { queryDuplicateEntries } from "../store/duplicate-repository";
import { getImportJob, listImportJobs, stageImport } from "../store/import-repository";
import { duplicateValues } from "../store/indexing/duplicate-keys";
import { takenUsernames } from "../store/username-repository";
import { keysOf, type ReadRow, readImportFile, toRowErrors } from "./import-rows";

/** A dry run answers at most this many errors (the `valid` count tells the rest): the answer stays small. */
export const MAX_DRY_RUN_ERRORS = 1000;
const PREVIEW_ROWS = 10;
/** Rows per chunk item, and the JSON size a chunk stops at, far below DynamoDB's 400 KB per item. */
export const CHUNK_ROWS = 100;
const CHUNK_BYTES = 300 * 1024;
const LOOKUP_CONCURRENCY = 16;

export interface DryRunReport {
  rows: number;
  valid: number;
  duplicates: number;
  errors: ImportRowError[];
  preview: (Omit<ClientCreate, "password" | "generatePassword" | "sendRegistrationEmail"> & { row: number })[];
}

const byRow = (a: ImportRowError, b: ImportRowError) => a.row - b.row;

/**
 * Checks every row as `POST /v1/clients` would, without writing anything: the
 * schema, then the company's rules (currency, language, state, VAT number,
 * custom fields), then the username (unique in the file and the installation).
 * Counts the valid rows that duplicate an earlier row or an existing client by
 * the duplicates rule (same normalised email, E.164 phone or folded full name).
 */
export async function dryRunImport(
  companyId: string,
  bytes: Buffer | undefined,
  options: ImportOptions,
): Promise<DryRunReport> {
  const file = await readImportFile(companyId, bytes, options);
  const errors = [...file.errors];
  const contexts = new Map<string, Promise<ClientContext>>();
  const contextOf = (groupId: string | undefined) => {
    const key = groupId ?? "";
    if (!contexts.has(key)) contexts.set(key, clientContext(companyId, groupId));
    return contexts.get(key)!;
  };
  const passed: ReadRow[] = [];
  for (const row of file.rows) {
    try {
      const rules = createRuleErrors(await contextOf(row.input.groupId), row.input).errors;
      if (rules.length > 0) errors.push(...toRowErrors(row.row, rules, file.columns));
      else passed.push(row);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      errors.push(...toRowErrors(row.row, error.errors, file.columns));
    }
  }
  const valid = await withFreeUsernames(passed, errors, file.columns);
  const existing = await existingDuplicateValues(companyId, valid);
  const duplicates = valid.filter(
    (row) =>
      row.duplicateOf !== undefined ||
      duplicateValues(keysOf(row.input)).some(([kind, value]) => existing.has(`${kind}#${value}`)),
  ).length;
  return {
    rows: file.total,
    valid: valid.length,
    duplicates,
    errors: errors.sort(byRow).slice(0, MAX_DRY_RUN_ERRORS),
    preview: valid.slice(0, PREVIEW_ROWS).map(({ row, input }) => {
      const { password: _p, generatePassword: _g, sendRegistrationEmail: _s, ...client } = input;
      return { row, ...client };
    }),
  };
}

/** The rows whose username no earlier row and no client of the installation has; errors for the others. */
async function withFreeUsernames(rows: ReadRow[], errors: ImportRowError[], columns: Record<string, string>) {
  const usernameOf = (row: ReadRow) => (row.input.username ?? row.input.email).toLowerCase();
  const taken = await takenUsernames([...new Set(rows.map(usernameOf))]);
  const seen = new Set<string>();
  const free: ReadRow[] = [];
  for (const row of rows) {
    const username = usernameOf(row);
    if (taken.has(username) || seen.has(username)) {
      const column = row.input.username !== undefined ? (columns.username ?? "username") : (columns.email ?? "email");
      errors.push({ row: row.row, column, message: usernameTaken().message });
    } else {
      free.push(row);
    }
    seen.add(username);
  }
  return free;
}

/** The duplicate values (`kind#value`) of these rows that an existing client of the company has. */
async function existingDuplicateValues(companyId: string, rows: ReadRow[]): Promise<Set<string>> {
  const values = [
    ...new Map(rows.flatMap((row) => duplicateValues(keysOf(row.input))).map((v) => [`${v[0]}#${v[1]}`, v])).values(),
  ];
  const found = new Set<string>();
  await forEachBounded(values, LOOKUP_CONCURRENCY, async ([kind, value]) => {
    const page = await queryDuplicateEntries(companyId, kind, value, undefined, 1);
    if (page.entries.length > 0) found.add(`${kind}#${value}`);
  });
  return found;
}

export interface StartImportCommand {
  companyId: string;
  /** Reserved per Idempotency-Key: a retry writes the same import, or finds it written. */
  importId: string;
  actor: Actor;
  bytes: Buffer | undefined;
  options: ImportOptions;
}

/**
 * Reads and checks the file, then stores its valid rows in chunks and the job
 * (rows that fail the schema are counted and reported in the job at once); the
 * import worker creates the clients from the chunks.
 */
export async function startImport(command: StartImportCommand): Promise<ImportJob> {
  const { companyId, importId, options } = command;
  const earlier = await getImportJob(companyId, importId, true);
  if (earlier) return earlier;
  const file = await readImportFile(companyId, command.bytes, options);
  if (options.keepNumbers) await keepFreeNumbers(companyId, file.rows);
  const chunks = chunksOf(companyId, importId, file.rows);
  const now = new Date().toISOString();
  const errors = file.errors.sort(byRow);
  const counts = { created: 0, updated: 0, skipped: 0, failed: errors.length };
  const job: ImportJob = {
    id: importId,
    companyId,
    status: chunks.length === 0 ? finalStatus(counts) : "queued",
    options,
    total: file.total,
    ...counts,
    errors: errors.slice(0, MAX_KEPT_ERRORS),
    chunks: chunks.length,
    chunksDone: 0,
    columns: file.columns,
    createdBy: command.actor,
    createdAt: now,
    startedAt: chunks.length === 0 ? now : null,
    finishedAt: chunks.length === 0 ? now : null,
  };
  if (!(await stageImport(job, chunks))) return (await getImportJob(companyId, importId, true)) ?? job;
  return job;
}

/**
 * Keeps a source number when no other row of the file has it and no client
 * does: the counter is first moved past the highest, so no create takes one of
 * them meanwhile, and only numbers it had already handed out are looked up.
 */
async function keepFreeNumbers(companyId: string, rows: StagedRow[]): Promise<void> {
  const seen = new Set<number>();
  for (const row of rows) {
    if (row.number === undefined) continue;
    if (seen.has(row.number)) delete row.number;
    else seen.add(row.number);
  }
  if (seen.size === 0) return;
  const company = await loadCompany(companyId);
  const lastBefore = await moveClientCounterPast(companyId, company.clientNumberStart, Math.max(...seen));
  const used = await numbersInUse(
    companyId,
    [...seen].filter((n) => n <= lastBefore),
  );
  for (const row of rows) if (row.number !== undefined && used.has(row.number)) delete row.number;
}

function chunksOf(companyId: string, importId: string, rows: StagedRow[]): ImportChunk[] {
  const chunks: ImportChunk[] = [];
  let current: StagedRow[] = [];
  let bytes = 0;
  const close = () => {
    if (current.length === 0) return;
    chunks.push({ companyId, importId, index: chunks.length, status: "pending", rows: current, attempts: 0 });
    current = [];
    bytes = 0;
  };
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row));
    if (current.length >= CHUNK_ROWS || bytes + size > CHUNK_BYTES) close();
    current.push(row);
    bytes += size;
  }
  close();
  return chunks;
}

export interface ImportView {
  id: string;
  status: ImportJob["status"];
  preset: ImportJob["options"]["preset"];
  total: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  errors: ImportRowError[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function importView(job: ImportJob): ImportView {
  return {
    id: job.id,
    status: job.status,
    preset: job.options.preset,
    total: job.total,
    created: job.created,
    updated: job.updated,
    skipped: job.skipped,
    failed: job.failed,
    errors: [...job.errors].sort(byRow),
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

export async function loadImport(companyId: string, importId: string): Promise<ImportView> {
  const job = await getImportJob(companyId, importId);
  if (!job) throw new NotFoundError("No import with this id.");
  return importView(job);
}

export async function listImports(companyId: string, limit: number, after?: string) {
  const page = await listImportJobs(companyId, limit, after);
  return { items: page.jobs.map(importView), last: page.more ? (page.jobs.at(-1)?.id ?? null) : null };
}
