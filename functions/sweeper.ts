import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { Context, ScheduledEvent } from "aws-lambda";
import { type SweepReport, sweepOutbox } from "../lib/mail/sweep";
import { logger } from "../lib/observability/logger";

/** Time kept back from the Lambda timeout: a delivery started before it finishes before the timeout. */
const LAST_DELIVERY_MS = 15_000;

/**
 * Runs on a schedule (an EventBridge rule): delivers the outbox messages the
 * stream left to it, deferred retries and claims whose delivery died.
 */
async function sweep(_event: ScheduledEvent, context: Context): Promise<SweepReport> {
  const deadline = new Date(Date.now() + context.getRemainingTimeInMillis() - LAST_DELIVERY_MS);
  const report = await sweepOutbox({ deadline });
  logger.info("outbox swept", { ...report });
  return report;
}

export const handler = middy<ScheduledEvent, SweepReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(sweep);
