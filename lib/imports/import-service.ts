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
  type RenamedRow,
  type StagedRow,
} from "../domain/import";
import { numbersInUse } from "../store/browse-repository";
import { moveClientCounterPast, takeClientNumbers } from "../store/company-repository";
import { getImportJob, stageImport } from "../store/import-repository";
import { byRow } from "./import-jobs";
import { planImport } from "./import-plan";
import { readImportFile } from "./import-rows";

/** A dry run answers at most this many errors (the `valid` count tells the rest): the answer stays small. */
export const MAX_DRY_RUN_ERRORS = 1000;
const PREVIEW_ROWS = 10;
/** Rows per chunk item, and the JSON size a chunk stops at, far below DynamoDB's 400 KB per item. */
export const CHUNK_ROWS = 100;
const CHUNK_BYTES = 300 * 1024;

export interface DryRunReport {
  rows: number;
  valid: number;
  duplicates: number;
  errors: ImportRowError[];
  renamed: RenamedRow[];
  preview: (Omit<ClientCreate, "password" | "generatePassword" | "sendRegistrationEmail"> & { row: number })[];
}

/**
 * Checks every row as the import would (lib/imports/import-plan.ts), without
 * writing anything: the errors with row and column, and how many valid rows
 * duplicate an earlier row or an existing client by the duplicates rule.
 */
export async function dryRunImport(
  companyId: string,
  bytes: Buffer | undefined,
  options: ImportOptions,
): Promise<DryRunReport> {
  const file = await readImportFile(companyId, bytes, options);
  const plan = await planImport(companyId, file, options.onDuplicate, true);
  return {
    rows: file.total,
    valid: plan.valid.length,
    duplicates: plan.duplicates,
    errors: plan.errors.sort(byRow).slice(0, MAX_DRY_RUN_ERRORS),
    renamed: plan.renamed.slice(0, MAX_DRY_RUN_ERRORS),
    preview: plan.valid.slice(0, PREVIEW_ROWS).map(({ row, input }) => {
      const { password: _p, generatePassword: _g, sendRegistrationEmail: _s, ...client } = input;
      return { row, ...client };
    }),
  };
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
  const plan = await planImport(companyId, file, options.onDuplicate);
  await numberNewClients(companyId, options, plan.staged);
  const chunks = chunksOf(companyId, importId, plan.staged);
  const now = new Date().toISOString();
  const errors = plan.errors.sort(byRow);
  const counts = { created: 0, updated: 0, skipped: plan.skipped, failed: new Set(errors.map((e) => e.row)).size };
  const job: ImportJob = {
    id: importId,
    companyId,
    status: chunks.length === 0 ? finalStatus(counts) : "queued",
    options,
    total: file.total,
    ...counts,
    errors: errors.slice(0, MAX_KEPT_ERRORS),
    renamed: plan.renamed.slice(0, MAX_KEPT_ERRORS),
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
 * Gives every new client its number before the rows are staged, so a retry of
 * a row creates it with the same one and the worker never queues on the
 * counter: the source's number when kept (`keepNumbers`) and free, the next
 * ones of the counter, taken in one step, for the others.
 */
async function numberNewClients(companyId: string, options: ImportOptions, staged: StagedRow[]): Promise<void> {
  const created = staged.filter((row) => row.match === undefined);
  const updated = staged.filter((row) => row.match !== undefined);
  for (const row of updated) delete row.number;
  if (created.length === 0) return;
  const company = await loadCompany(companyId);
  if (options.keepNumbers) await keepFreeNumbers(companyId, company.clientNumberStart, created);
  const unnumbered = created.filter((row) => row.number === undefined);
  if (unnumbered.length === 0) return;
  const first = await takeClientNumbers(companyId, company.clientNumberStart, unnumbered.length);
  unnumbered.forEach((row, i) => {
    row.number = first + i;
  });
}

/**
 * Keeps a source number when no other row of the file has it and no client
 * does: the counter is first moved past the highest, so no create takes one of
 * them meanwhile, and only numbers it had already handed out are looked up.
 */
async function keepFreeNumbers(companyId: string, start: number, rows: StagedRow[]): Promise<void> {
  const seen = new Set<number>();
  for (const row of rows) {
    if (row.number === undefined) continue;
    if (seen.has(row.number)) delete row.number;
    else seen.add(row.number);
  }
  if (seen.size === 0) return;
  const lastBefore = await moveClientCounterPast(companyId, start, Math.max(...seen));
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
