import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ChunkStatus, ImportChunk, ImportJob, ImportRowError } from "../domain/import";
import { requestIdAttribute } from "../observability/correlation";
import { db, tableName } from "./client";
import { TransactionConditionFailed } from "./errors";
import { fromItem, toItem } from "./items";
import { keys } from "./keys";
import { batchWriteAll, conditionalWrite, getEntity, putVersioned, queryPage, type TableQuery } from "./operations";
import { named, transactWrite, tx } from "./transact";

/*
 * An import is a job item in the company's partition and its rows in chunk
 * items (at most 100 rows each) in the import's own partition. Each chunk's
 * insert reaches the import worker through the table's stream; the worker
 * claims it, imports its rows, and adds its counts to the job in the same
 * transaction that marks the chunk done, so a chunk is counted exactly once
 * however often it is delivered.
 */

/** Chunks keep rows (personal data) only until imported; one never imported (its job never written) expires. */
const CHUNK_TTL_SECONDS = 7 * 24 * 3600;

const chunkItem = (chunk: ImportChunk) => ({
  ...toItem(keys.importChunk(chunk.companyId, chunk.importId, chunk.index), "import-chunk", {
    ...chunk,
    ...requestIdAttribute(),
  }),
  expiresAt: Math.floor(Date.now() / 1000) + CHUNK_TTL_SECONDS,
});

/**
 * Writes the chunks, then the job. The worker waits for the job (a chunk
 * delivered before it is retried), so a crash between the two leaves no
 * half-imported job: only chunks that expire, and the caller's retry with the
 * same Idempotency-Key writes the same import again. False when the job already exists.
 * Job and chunks carry the id of the request staging them, for the worker's lines.
 */
export async function stageImport(job: ImportJob, chunks: ImportChunk[]): Promise<boolean> {
  await batchWriteAll(
    chunks.map((chunk) => ({ PutRequest: { Item: chunkItem(chunk) } })),
    "DynamoDB kept some import chunks unprocessed",
  );
  return putVersioned(toItem(keys.importJob(job.companyId, job.id), "import", { ...job, ...requestIdAttribute() }));
}

export const getImportJob = (companyId: string, importId: string, consistent = false) =>
  getEntity<ImportJob>(keys.importJob(companyId, importId), consistent);

/** A page of the company's imports, newest first, after the job id `after`. */
export async function listImportJobs(
  companyId: string,
  limit: number,
  after?: string,
): Promise<{ jobs: ImportJob[]; more: boolean }> {
  const page = await queryPage(importJobsQuery(companyId, limit, after));
  const jobs = (page.Items ?? []).map((item) => fromItem<ImportJob>(item)).filter((job) => job.id !== after);
  return { jobs: jobs.slice(0, limit), more: jobs.length > limit };
}

/** The Query of one page of imports (see listImportJobs). */
export function importJobsQuery(companyId: string, limit: number, after?: string): TableQuery {
  const { pk, skPrefix } = keys.importJobPrefix(companyId);
  return {
    KeyConditionExpression: after
      ? "pk = :pk AND sk BETWEEN :prefix AND :before"
      : "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: {
      ":pk": pk,
      ":prefix": skPrefix,
      // BETWEEN is inclusive: the last job shown is left out by the limit + 1 below.
      ...(after ? { ":before": keys.importJob(companyId, after).sk } : {}),
    },
    ScanIndexForward: false,
    Limit: limit + 2,
  };
}

/**
 * Takes a chunk that is not done, with a new claim token; null when it is done
 * (or gone). A chunk still claimed by a delivery that died is taken over: the
 * stream delivers one shard's records one batch at a time, so a second
 * delivery of the same chunk is a retry, and the claim token keeps a late
 * first delivery from counting the chunk again.
 */
export async function claimChunk(
  companyId: string,
  importId: string,
  index: number,
  claim: string,
): Promise<ImportChunk | null> {
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.importChunk(companyId, importId, index),
        UpdateExpression: "SET #status = :running, claim = :claim ADD attempts :one",
        ConditionExpression: "attribute_exists(pk) AND #status <> :done",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":running": "running" satisfies ChunkStatus,
          ":done": "done" satisfies ChunkStatus,
          ":claim": claim,
          ":one": 1,
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return Attributes ? fromItem<ImportChunk>(Attributes) : null;
  } catch (error) {
    if ((error as { name?: string }).name === "ConditionalCheckFailedException") return null;
    throw error;
  }
}

/** Queued becomes running at the first chunk, with its start time. */
export function markJobRunning(companyId: string, importId: string, now: string): Promise<boolean> {
  return conditionalWrite(
    db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.importJob(companyId, importId),
        UpdateExpression: "SET #status = :running, startedAt = :now",
        ConditionExpression: "#status = :queued",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":running": "running", ":queued": "queued", ":now": now },
      }),
    ),
  );
}

export interface ChunkOutcome {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  errors: ImportRowError[];
}

export type ChunkCompletion = "counted" | "lost-claim" | "errors-moved";

/**
 * Marks the chunk done (its rows removed) and adds its counts and errors to the
 * job, all or nothing, if the chunk is still held by `claim` and the job still
 * keeps `errorsSeen` errors (so concurrent chunks never keep more than the cap).
 */
export async function completeChunk(
  chunk: ImportChunk,
  claim: string,
  outcome: ChunkOutcome,
  errorsSeen: number,
): Promise<ChunkCompletion> {
  try {
    await transactWrite([
      named(
        "chunk",
        tx.update(
          keys.importChunk(chunk.companyId, chunk.importId, chunk.index),
          "SET #status = :done REMOVE #rows, claim",
          {
            ConditionExpression: "claim = :claim",
            ExpressionAttributeNames: { "#status": "status", "#rows": "rows" },
            ExpressionAttributeValues: { ":done": "done", ":claim": claim },
          },
        ),
      ),
      named(
        "job",
        tx.update(
          keys.importJob(chunk.companyId, chunk.importId),
          "SET #errors = list_append(#errors, :errors) ADD created :c, updated :u, skipped :s, failed :f, chunksDone :one",
          {
            ConditionExpression: "size(#errors) = :seen",
            ExpressionAttributeNames: { "#errors": "errors" },
            ExpressionAttributeValues: {
              ":errors": outcome.errors,
              ":c": outcome.created,
              ":u": outcome.updated,
              ":s": outcome.skipped,
              ":f": outcome.failed,
              ":one": 1,
              ":seen": errorsSeen,
            },
          },
        ),
      ),
    ]);
    return "counted";
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    return error.on("chunk") ? "lost-claim" : "errors-moved";
  }
}

/** Sets the final status once every chunk is counted; false when some are not (or it was already set). */
export function finishJob(companyId: string, importId: string, status: ImportJob["status"], now: string) {
  return conditionalWrite(
    db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.importJob(companyId, importId),
        UpdateExpression: "SET #status = :status, finishedAt = :now",
        ConditionExpression: "chunksDone = chunks AND #status IN (:queued, :running)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":status": status, ":now": now, ":queued": "queued", ":running": "running" },
      }),
    ),
  );
}
