import { randomUUID } from "node:crypto";
import { forEachBounded } from "../async/bounded";
import { createClient } from "../clients/create-client";
import { updateStoredClient } from "../clients/update-client";
import { CLIENT_FIELDS, type ClientPatch } from "../domain/client";
import {
  finalStatus,
  type ImportChunk,
  type ImportJob,
  type ImportRowError,
  importedClientId,
  MAX_KEPT_ERRORS,
  type StagedRow,
} from "../domain/import";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors/application-errors";
import { withRequestId } from "../observability/correlation";
import { logger } from "../observability/logger";
import { recordMetric } from "../observability/metrics";
import { getStoredClient } from "../store/client-repository";
import { queryDuplicateEntries } from "../store/duplicate-repository";
import {
  type ChunkOutcome,
  claimChunk,
  completeChunk,
  finishJob,
  getImportJob,
  markJobRunning,
} from "../store/import-repository";
import { duplicateValues } from "../store/indexing/duplicate-keys";
import { keysOf, toRowErrors } from "./import-rows";

/**
 * Rows of a chunk imported side by side: each waits mostly on Cognito and
 * DynamoDB, and Cognito's user creation quota is shared by the installation.
 */
const ROW_CONCURRENCY = Number(process.env.CLIENTELE_IMPORT_CONCURRENCY ?? 8);
/** Deliveries of a chunk before a row that keeps failing for an unexpected reason is counted as failed. */
export const MAX_CHUNK_ATTEMPTS = 5;

type RowResult = { kind: "created" | "updated" | "skipped" } | { kind: "failed"; errors: ImportRowError[] };

export interface ChunkRef {
  companyId: string;
  importId: string;
  index: number;
}

/**
 * Imports one chunk: claims it, imports its rows (each client under an id
 * derived from the import and the row, so a retry finds what an earlier
 * attempt created), then counts the chunk into its job in the transaction
 * that marks it done, and finishes the job after its last chunk. Throws (the
 * stream delivers the chunk again) when the job is not written yet or a row
 * failed for an unexpected reason; rows that are done stay done.
 */
export async function importChunk(ref: ChunkRef): Promise<"imported" | "skipped"> {
  const job = await getImportJob(ref.companyId, ref.importId, true);
  if (!job) throw new Error("the import's job is not written yet");
  const claim = randomUUID();
  const chunk = await claimChunk(ref.companyId, ref.importId, ref.index, claim);
  if (!chunk) {
    await finishIfComplete(ref);
    return "skipped";
  }
  return withRequestId(chunk.requestId, () => importClaimed(job, chunk, claim));
}

/** The rows of a claimed chunk, on behalf of the request that started the import (its clients' emails and events too). */
async function importClaimed(job: ImportJob, chunk: ImportChunk, claim: string): Promise<"imported"> {
  await markJobRunning(chunk.companyId, chunk.importId, new Date().toISOString());
  const results: RowResult[] = new Array(chunk.rows.length);
  await forEachBounded(chunk.rows, ROW_CONCURRENCY, async (row, i) => {
    results[i] = await importRow(job, chunk, row);
    recordMetric("ImportRows", results[i].kind);
  });
  await count(chunk, claim, tally(results));
  await finishIfComplete(chunk);
  return "imported";
}

async function importRow(job: ImportJob, chunk: ImportChunk, row: StagedRow): Promise<RowResult> {
  const { companyId } = job;
  const clientId = importedClientId(job.id, row.row);
  try {
    const previous = await getStoredClient(companyId, clientId);
    if (previous && !previous.pending) return { kind: "created" };
    // A pending client is an earlier attempt's reservation: that attempt found no duplicate, this one finishes it.
    if (!previous && job.options.onDuplicate !== "create") {
      if (row.duplicateOf !== undefined) return { kind: "skipped" };
      const match = await existingDuplicate(companyId, row, clientId);
      if (match && job.options.onDuplicate === "skip") return { kind: "skipped" };
      if (match) {
        await updateStoredClient({
          companyId,
          clientId: match,
          actor: job.createdBy,
          patch: patchOf(row),
          marketingSource: "staff",
        });
        return { kind: "updated" };
      }
    }
    await createClient({
      companyId,
      clientId,
      actor: job.createdBy,
      input: row.input,
      source: "staff",
      via: "import",
      ...(row.status ? { status: row.status } : {}),
      ...(row.number ? { number: row.number } : {}),
    });
    return { kind: "created" };
  } catch (error) {
    if (error instanceof InvalidInputError) {
      return { kind: "failed", errors: toRowErrors(row.row, error.errors, job.columns) };
    }
    if (error instanceof ConflictError || error instanceof NotFoundError) {
      const column = error.code === "username-taken" ? usernameColumn(job, row) : null;
      return { kind: "failed", errors: [{ row: row.row, column, message: error.message }] };
    }
    if (chunk.attempts < MAX_CHUNK_ATTEMPTS) throw error;
    logger.error("import row failed on the last attempt", {
      importId: job.id,
      row: row.row,
      error: (error as Error).name,
    });
    return {
      kind: "failed",
      errors: [{ row: row.row, column: null, message: "This row could not be imported. Import it again later." }],
    };
  }
}

const usernameColumn = (job: ImportJob, row: StagedRow) =>
  row.input.username !== undefined ? (job.columns.username ?? "username") : (job.columns.email ?? "email");

/** The first existing client with the row's email, then phone, then name (the duplicates rule), not the row's own. */
async function existingDuplicate(companyId: string, row: StagedRow, ownId: string): Promise<string | null> {
  for (const [kind, value] of duplicateValues(keysOf(row.input))) {
    const page = await queryDuplicateEntries(companyId, kind, value, undefined, 2);
    const match = page.entries.find((entry) => entry.clientId !== ownId);
    if (match) return match.clientId;
  }
  return null;
}

const PATCHABLE = new Set<string>([...CLIENT_FIELDS, "marketingOptIn", "customFields"]);

/** The fields the file gave for this row: an update changes those and keeps the client's others. */
function patchOf(row: StagedRow): ClientPatch {
  const input = row.input as Record<string, unknown>;
  return Object.fromEntries(
    row.given.filter((f) => PATCHABLE.has(f) && input[f] !== undefined).map((f) => [f, input[f]]),
  );
}

function tally(results: RowResult[]): ChunkOutcome {
  const outcome: ChunkOutcome = { created: 0, updated: 0, skipped: 0, failed: 0, errors: [] };
  for (const result of results) {
    outcome[result.kind]++;
    if (result.kind === "failed") outcome.errors.push(...result.errors);
  }
  return outcome;
}

/** Adds the chunk's counts and as many errors as the job still keeps; a concurrent chunk adding errors first means read and try again. */
async function count(chunk: ImportChunk, claim: string, outcome: ChunkOutcome): Promise<void> {
  for (;;) {
    const job = await getImportJob(chunk.companyId, chunk.importId, true);
    if (!job) throw new Error("the import's job disappeared");
    const room = Math.max(0, MAX_KEPT_ERRORS - job.errors.length);
    const kept = { ...outcome, errors: outcome.errors.slice(0, room) };
    const result = await completeChunk(chunk, claim, kept, job.errors.length);
    if (result !== "errors-moved") {
      if (result === "lost-claim")
        logger.warn("import chunk counted by another delivery", { importId: chunk.importId, index: chunk.index });
      return;
    }
  }
}

async function finishIfComplete(ref: ChunkRef): Promise<void> {
  const job = await getImportJob(ref.companyId, ref.importId, true);
  if (!job || job.chunksDone < job.chunks || job.finishedAt) return;
  if (await finishJob(ref.companyId, ref.importId, finalStatus(job), new Date().toISOString())) {
    logger.info("import finished", {
      importId: job.id,
      created: job.created,
      updated: job.updated,
      failed: job.failed,
    });
  }
}
