import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { Context, ScheduledEvent } from "aws-lambda";
import { config } from "../lib/config";
import { logger } from "../lib/observability/logger";
import { SWEEP_LOG_MESSAGE } from "../lib/webhooks/metrics";
import { sweepWebhookDeliveries, type WebhookSweepReport } from "../lib/webhooks/sweep";

/**
 * Runs every minute (an EventBridge rule): attempts the webhook deliveries
 * whose retry is due, redeliveries, and claims whose worker died.
 */
async function sweep(_event: ScheduledEvent, context: Context): Promise<WebhookSweepReport> {
  // Time for one more attempt (its timeout) and its recording before the Lambda's own timeout.
  const reserve = config().webhooks.timeoutMs + 5_000;
  const deadline = new Date(Date.now() + context.getRemainingTimeInMillis() - reserve);
  const report = await sweepWebhookDeliveries({ deadline });
  logger.info(SWEEP_LOG_MESSAGE, { ...report });
  return report;
}

export const handler = middy<ScheduledEvent, WebhookSweepReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(sweep);
