import { Duration } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";
import { IMPORT_CHUNK_BATCH_SIZE, IMPORT_CHUNK_STREAM_FILTER } from "../lib/imports/stream-filter";
import { StreamWorker, streamFilter } from "./stream-worker";

/** Only pending import chunks invoke the worker; its own claim (running) and completion (done) do not. */
export const IMPORT_CHUNK_FILTER = streamFilter(IMPORT_CHUNK_STREAM_FILTER);

/** Deliveries of a chunk that keeps failing before its stream coordinates go to the dead-letter queue. */
export const IMPORTER_RETRY_ATTEMPTS = 10;

/**
 * The import worker on the table's stream: one chunk (at most 100 rows) per
 * invocation. A chunk whose rows failed for an unexpected reason is delivered
 * again (its finished rows are found finished, by their deterministic client
 * ids); from the fifth delivery on such rows are counted as failed, so a job
 * always ends. A chunk delivered before its job exists waits up to 30 s for
 * it, then is retried; one whose job never comes (the upload died) ends in the
 * dead-letter queue, and its rows expire with the chunk.
 */
export class Importer extends StreamWorker {
  constructor(scope: Construct, id: string, props: { table: ITableV2; fn: IFunction }) {
    super(scope, id, {
      ...props,
      filter: IMPORT_CHUNK_FILTER,
      batchSize: IMPORT_CHUNK_BATCH_SIZE,
      retryAttempts: IMPORTER_RETRY_ATTEMPTS,
      maxRecordAge: Duration.days(1),
      // Chunks of different imports (partitions) are imported side by side; one import's chunks in order.
      parallelizationFactor: 4,
    });
  }
}
