import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import middy from "@middy/core";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { deliver } from "../lib/mail/mailer";
import { matchesOutboxFilter } from "../lib/mail/stream-filter";
import { withRequestId } from "../lib/observability/correlation";
import { logger } from "../lib/observability/logger";
import type { OutboxMessage } from "../lib/store/outbox-items";

/**
 * The table's stream consumer for outbox items, each on behalf of the request
 * that queued it (its lines carry the id). Reports the records that failed,
 * so that only they are delivered again (partial batch response).
 */
async function processBatch(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    if (!matchesOutboxFilter(record as never)) continue;
    const image = unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>) as OutboxMessage;
    await withRequestId(image.requestId, async () => {
      try {
        await deliver(image);
      } catch (error) {
        logger.error("delivery failed", { messageId: image.messageId, error: (error as Error).name });
        batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" });
      }
    });
  }
  return { batchItemFailures };
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(processBatch);
