import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

export const METRICS_NAMESPACE = "Clientele";

/**
 * The business metrics, each with the one dimension it is split by. Values of
 * a dimension come from small fixed sets (a source, a reason, a template):
 * never an id or an address, which would make a metric per client.
 */
export const BUSINESS_METRICS = {
  /** source: staff | signup | import */
  ClientsCreated: { unit: MetricUnit.Count, dimension: "source" },
  /** reason: honeypot | too-fast | rate-limit | validation | conflict | malformed */
  SignupsRefused: { unit: MetricUnit.Count, dimension: "reason" },
  /** template: the email template id */
  EmailsSent: { unit: MetricUnit.Count, dimension: "template" },
  EmailsDeferred: { unit: MetricUnit.Count, dimension: "template" },
  EmailsUndeliverable: { unit: MetricUnit.Count, dimension: "template" },
  /** outcome: succeeded | failed (a failed attempt; `given-up` once the delivery fails for good) */
  WebhookDeliveries: { unit: MetricUnit.Count, dimension: "outcome" },
  /** From the event's creation to the receiver's 2xx. */
  WebhookDeliveryDelay: { unit: MetricUnit.Milliseconds, dimension: null },
  /** outcome: created | updated | skipped | failed */
  ImportRows: { unit: MetricUnit.Count, dimension: "outcome" },
  /** audience: staff | client */
  SignInsFailed: { unit: MetricUnit.Count, dimension: "audience" },
  /** cause: throttling | conflict (answered 503 with Retry-After) */
  Busy: { unit: MetricUnit.Count, dimension: "cause" },
} as const;

export type BusinessMetric = keyof typeof BUSINESS_METRICS;

/**
 * Written as CloudWatch embedded metric format log lines: no API call and no
 * latency, CloudWatch extracts the metrics from the function's log group.
 * Locally the same lines go wherever the logs go.
 */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: "clientele" });

/** Records one value at once (one EMF line), with its dimension when the metric has one. */
export function recordMetric(name: BusinessMetric, dimensionValue?: string, value = 1): void {
  const { unit, dimension } = BUSINESS_METRICS[name];
  if (dimension && dimensionValue) metrics.addDimension(dimension, dimensionValue);
  // Added and published without an await between them: no other request's metric can slip in.
  metrics.addMetric(name, unit, value).publishStoredMetrics();
}
