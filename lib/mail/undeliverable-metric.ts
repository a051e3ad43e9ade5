/**
 * The log line the mailer writes whenever it gives a message up as undeliverable.
 * The CDK stack turns it into a CloudWatch metric (a metric filter on the
 * mailer's and the sweep's log groups) and alarms on it: one shared constant,
 * so the line and the filter cannot drift apart.
 */
export const UNDELIVERABLE_LOG_MESSAGE = "email undeliverable";

export const UNDELIVERABLE_METRIC = { namespace: "Clientele", name: "EmailsUndeliverable" } as const;
