/**
 * The log lines the CDK stack turns into CloudWatch metrics (metric filters on
 * the deliverer's and sweeper's log groups) and alarms on: shared constants, so
 * a line and its filter cannot drift apart.
 */

/** A delivery given up after its retry window. */
export const DELIVERY_FAILED_LOG_MESSAGE = "webhook delivery failed";

/** Every sweep writes this line with `oldestDueAgeSeconds`: how late the oldest due delivery was when it began. */
export const SWEEP_LOG_MESSAGE = "webhook deliveries swept";

export const WEBHOOK_METRICS = {
  namespace: "Clientele",
  failed: "WebhookDeliveriesFailed",
  oldestDueAge: "WebhookOldestDueAgeSeconds",
} as const;
