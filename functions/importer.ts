import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { importChunk } from "../lib/imports/import-worker";
import { chunkRefOf, matchesImportChunkFilter } from "../lib/imports/stream-filter";
import { requestIdOfRecord, withRequestId } from "../lib/observability/correlation";
import { logger } from "../lib/observability/logger";

/**
 * The table's stream consumer for import chunks (one per invocation in the
 * cloud), on behalf of the POST /v1/imports that staged them (its lines carry
 * the id). Reports the records that failed, so only they are delivered again.
 */
async function processBatch(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    if (!matchesImportChunkFilter(record as never)) continue;
    const ref = chunkRefOf(record as never);
    await withRequestId(requestIdOfRecord(record), async () => {
      try {
        await importChunk(ref);
      } catch (error) {
        logger.warn("import chunk failed; it is delivered again", { ...ref, error: (error as Error).name });
        batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" });
      }
    });
  }
  return { batchItemFailures };
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(processBatch);
