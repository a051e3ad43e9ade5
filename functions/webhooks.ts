import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import middy from "@middy/core";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { withRequestId } from "../lib/observability/correlation";
import { logger } from "../lib/observability/logger";
import type { StoredEvent } from "../lib/store/webhook-event-repository";
import { deliverEvent } from "../lib/webhooks/deliverer";
import { matchesWebhookEventFilter } from "../lib/webhooks/stream-filter";

/**
 * The webhook deliverer on the table's stream: each new event is fanned out
 * to its endpoints and attempted at once, the batch's events side by side (a
 * slow receiver holds up no other), each on behalf of the request that made
 * the change (its lines carry the id). Reports the events whose fan-out or
 * recording failed, so only they are delivered again (partial batch response).
 */
async function processBatch(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse["batchItemFailures"] = [];
  await Promise.all(
    event.Records.filter((record) => matchesWebhookEventFilter(record as never)).map(async (record) => {
      const stored = unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>) as StoredEvent;
      await withRequestId(stored.requestId, async () => {
        try {
          await deliverEvent(stored);
        } catch (error) {
          logger.error("webhook fan-out failed", { eventId: stored.eventId, error: (error as Error).name });
          batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" });
        }
      });
    }),
  );
  return { batchItemFailures };
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(processBatch);
