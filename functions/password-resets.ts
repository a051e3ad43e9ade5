import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import middy from "@middy/core";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { withRequestId } from "../lib/observability/correlation";
import { logger } from "../lib/observability/logger";
import { carryOutPasswordResetRequest } from "../lib/recovery/password-reset-worker";
import { matchesPasswordResetRequestFilter } from "../lib/recovery/stream-filter";
import { passwordResetRequestOf } from "../lib/store/password-reset-request-repository";

/**
 * The table's stream consumer for accepted client forgot-password requests, each on behalf of the
 * POST /v1/auth/clients/forgot-password that wrote it (its lines carry the id). Reports the records that
 * failed, so that only they are delivered again (partial batch response).
 */
async function processBatch(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    if (!matchesPasswordResetRequestFilter(record as never)) continue;
    const request = passwordResetRequestOf(unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>));
    await withRequestId(request.requestId, async () => {
      try {
        const outcome = await carryOutPasswordResetRequest(request);
        logger.info("password reset request carried out", { resetRequestId: request.id, outcome });
      } catch (error) {
        logger.warn("password reset request failed; it is delivered again", {
          resetRequestId: request.id,
          error: (error as Error).name,
        });
        batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" });
      }
    });
  }
  return { batchItemFailures };
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(processBatch);
