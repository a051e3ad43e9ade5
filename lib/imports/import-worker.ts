import { randomUUID } from "node:crypto";
import { forEachBounded } from "../async/bounded";
import {
  type PreparedClient,
  prepareClientWithoutSignIn,
  writePreparedClient,
  writePreparedClients,
} from "../clients/create-client";
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
import { transactionsOf } from "../store/client-creation-repository";
import { getClientsById, type StoredClient } from "../store/client-repository";
import { isTransactionConflict } from "../store/errors";
import {
  type ChunkOutcome,
  claimChunk,
  completeChunk,
  finishJob,
  getImportJob,
  markJobRunning,
} from "../store/import-repository";
import { contextsOf, usernameColumn } from "./import-plan";
import { toRowErrors } from "./import-rows";

/** Rows of a chunk read and prepared side by side (each update waits on DynamoDB). */
const ROW_CONCURRENCY = 8;
/**
 * Transactions of new clients written side by side: each moves the count of
 * its clients' group, so more at once would mostly collide on that item.
 */
const TRANSACTION_CONCURRENCY = 2;
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
  const job = await jobOnceWritten(ref);
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
  if (job.status === "queued") await markJobRunning(chunk.companyId, chunk.importId, new Date().toISOString());
  // Rows are written only under a claim: on its first claim a chunk has none to find.
  const previous =
    chunk.attempts > 1
      ? await getClientsById(
          job.companyId,
          chunk.rows.map((row) => importedClientId(job.id, row.row)),
        )
      : new Map<string, StoredClient>();
  const contextOf = contextsOf(job.companyId);
  const results: (RowResult | undefined)[] = new Array(chunk.rows.length);
  const creations: Creation[] = [];
  // Updates, rows an earlier attempt created, and the new clients prepared (not written yet), row by row.
  await forEachBounded(chunk.rows, ROW_CONCURRENCY, async (row, index) => {
    results[index] = await rowOutcome(job, chunk, row, async () => {
      if (row.match !== undefined) {
        await updateStoredClient({
          companyId: job.companyId,
          clientId: row.match,
          actor: job.createdBy,
          patch: patchOf(row),
          marketingSource: "staff",
        });
        return "updated";
      }
      const clientId = importedClientId(job.id, row.row);
      const earlier = previous.get(clientId) ?? null;
      if (earlier && !earlier.pending) return "created";
      const prepared = await prepareClientWithoutSignIn({
        companyId: job.companyId,
        clientId,
        actor: job.createdBy,
        input: row.input,
        source: "staff",
        via: "import",
        ...(row.status ? { status: row.status } : {}),
        ...(row.number ? { number: row.number } : {}),
        context: await contextOf(row.input.groupId),
        previous: earlier,
      });
      creations.push({ index, row, prepared });
      return undefined;
    });
  });
  // The new clients, several per transaction; a transaction refused (a username taken meanwhile) is written again client by client.
  creations.sort((a, b) => a.index - b.index);
  await forEachBounded(
    transactionsOf(creations, (c) => c.prepared),
    TRANSACTION_CONCURRENCY,
    async (run) => {
      if (await withConflictRetries(() => writePreparedClients(run.map((c) => c.prepared)))) {
        for (const { index } of run) results[index] = { kind: "created" };
        return;
      }
      for (const { index, row, prepared } of run) {
        results[index] = await rowOutcome(job, chunk, row, async () => {
          await withConflictRetries(() => writePreparedClient(prepared));
          return "created";
        });
      }
    },
  );
  const outcomes = results.map((result) => result!);
  for (const result of outcomes) recordMetric("ImportRows", result.kind);
  await count(chunk, claim, tally(outcomes));
  await finishIfComplete(chunk);
  return "imported";
}

/**
 * The upload writes its chunks before its job, and a large file's chunks take
 * seconds: the first chunks can arrive before the job. They wait for it (it
 * comes within the upload function's 29 s, or never: the upload died) rather
 * than spend their deliveries on retries that could all come too early.
 */
const JOB_WAIT_MS = 30_000;
const JOB_POLL_MS = 500;

async function jobOnceWritten(ref: ChunkRef): Promise<ImportJob | null> {
  const deadline = Date.now() + JOB_WAIT_MS;
  for (;;) {
    const job = await getImportJob(ref.companyId, ref.importId, true);
    if (job || Date.now() >= deadline) return job;
    await new Promise((resolve) => setTimeout(resolve, JOB_POLL_MS));
  }
}

/** A new client of the chunk, prepared, waiting for its transaction. */
interface Creation {
  index: number;
  row: StagedRow;
  prepared: PreparedClient;
}

/**
 * What became of a row, as planned when it was staged (lib/imports/import-plan.ts):
 * `work` updates the existing client it duplicates, finds it created by an
 * earlier attempt, or prepares or writes its new client (undefined: decided
 * when written). A row the rules refuse, or whose username was taken
 * meanwhile, fails with its errors; an unexpected failure fails the chunk, to
 * be delivered again, until its last attempt.
 */
async function rowOutcome(
  job: ImportJob,
  chunk: ImportChunk,
  row: StagedRow,
  work: () => Promise<"created" | "updated" | undefined>,
): Promise<RowResult | undefined> {
  try {
    const kind = await work();
    return kind && { kind };
  } catch (error) {
    if (error instanceof InvalidInputError) {
      return { kind: "failed", errors: toRowErrors(row.row, error.errors, job.columns) };
    }
    if (error instanceof ConflictError || error instanceof NotFoundError) {
      const column = error.code === "username-taken" ? usernameColumn(row, job.columns) : null;
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

const CONFLICT_ATTEMPTS = 4;

/**
 * Every new client moves its group's count, so rows written side by side can
 * collide in DynamoDB (a transaction conflict, nothing written): such a row is
 * tried again after a short random pause instead of failing its whole chunk.
 */
async function withConflictRetries<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isTransactionConflict(error) || attempt >= CONFLICT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * 2 ** attempt));
    }
  }
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
