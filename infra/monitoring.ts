import { Duration } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import type { IFunction, Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { FilterPattern, MetricFilter } from "aws-cdk-lib/aws-logs";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { UNDELIVERABLE_LOG_MESSAGE, UNDELIVERABLE_METRIC } from "../lib/mail/undeliverable-metric";
import { DELIVERY_FAILED_LOG_MESSAGE, SWEEP_LOG_MESSAGE, WEBHOOK_METRICS } from "../lib/webhooks/metrics";
import { businessMetric, tableThrottles } from "./dashboard";

/** Failed sign-ins (staff and clients together) in five minutes that look like an attack, not typos. */
export const SIGN_IN_FAILURE_SPIKE = 50;
/** 503s (throttled or conflicting writes) in five minutes: a few are retried away, this many are felt. */
export const BUSY_THRESHOLD = 10;
/** A due email this old: the sweeper is not delivering (it runs every 5 minutes). */
export const OLDEST_DUE_EMAIL_SECONDS = 30 * 60;
/** API p99 latency, for 15 minutes in a row. */
export const API_P99_LATENCY_MS = 3000;

/** Alarms on what must never happen silently; each notifies the alarm topic. */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: { alarmEmail: string | undefined }) {
    super(scope, id);
    this.topic = new Topic(this, "AlarmTopic", { displayName: "Clientele alarms", enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
  }

  /** Any 5xx is a bug (api.md: a 5xx never happens on purpose), so one in five minutes alarms. */
  watchApi(api: HttpApi): void {
    this.alarm("Api5xx", {
      description: "The API answered 5xx: see the functions' logs and the access log.",
      metric: api.metricServerError({ period: Duration.minutes(5), statistic: "Sum" }),
      threshold: 1,
    });
    this.alarm("ApiLatencyP99", {
      description: `The API's p99 latency stayed above ${API_P99_LATENCY_MS} ms for 15 minutes.`,
      metric: api.metricLatency({ period: Duration.minutes(5), statistic: "p99" }),
      threshold: API_P99_LATENCY_MS,
      evaluationPeriods: 3,
    });
    this.alarm("ApiBusy", {
      description: "Many requests were answered 503 (DynamoDB throttled them or their transactions conflicted).",
      metric: new MathExpression({
        expression: "throttling + conflict",
        usingMetrics: {
          throttling: businessMetric("Busy", "throttling"),
          conflict: businessMetric("Busy", "conflict"),
        },
        label: "503 busy",
        period: Duration.minutes(5),
      }),
      threshold: BUSY_THRESHOLD,
    });
    this.alarm("SignInsFailedSpike", {
      description: "Failed sign-ins spiked: password guessing or credential stuffing, or a broken sign-in page.",
      metric: new MathExpression({
        expression: "staff + client",
        usingMetrics: {
          staff: businessMetric("SignInsFailed", "staff"),
          client: businessMetric("SignInsFailed", "client"),
        },
        label: "failed sign-ins",
        period: Duration.minutes(5),
      }),
      threshold: SIGN_IN_FAILURE_SPIKE,
    });
  }

  /** Any throttled function (reserved or account concurrency reached) drops or delays work: one alarms. */
  watchFunctions(functions: Iterable<IFunction>): void {
    for (const fn of functions) {
      this.alarm(`${fn.node.id}Throttles`, {
        description: `Lambda throttled ${fn.node.id}: the account's (or its reserved) concurrency ran out.`,
        metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: "Sum" }),
        threshold: 1,
      });
    }
  }

  /** On demand, DynamoDB throttles only past a partition's or the account's limits: any throttle alarms. */
  watchTable(table: ITableV2): void {
    this.alarm("TableThrottles", {
      description: "DynamoDB throttled requests to the table (callers answered 503 or retried).",
      metric: tableThrottles(table),
      threshold: 1,
    });
  }

  /**
   * Emails given up as undeliverable (SES refused every attempt, a template is missing): counted from
   * the line both functions log (lib/mail/undeliverable-metric.ts) by a metric filter on each log group.
   * One is enough to alarm: the client did not get an email the business promised.
   */
  watchUndeliverable(functions: LambdaFunction[]): void {
    for (const fn of functions) {
      new MetricFilter(this, `Undeliverable${fn.node.id}`, {
        logGroup: fn.logGroup,
        filterPattern: FilterPattern.stringValue("$.message", "=", UNDELIVERABLE_LOG_MESSAGE),
        metricNamespace: UNDELIVERABLE_METRIC.namespace,
        metricName: UNDELIVERABLE_METRIC.name,
        metricValue: "1",
      });
    }
    this.alarm("EmailsUndeliverable", {
      description:
        "An email was given up as undeliverable: see the client's history and the mailer's or sweeper's log.",
      metric: new Metric({
        namespace: UNDELIVERABLE_METRIC.namespace,
        metricName: UNDELIVERABLE_METRIC.name,
        period: Duration.minutes(5),
        statistic: "Sum",
      }),
      threshold: 1,
    });
  }

  /**
   * A worker on the table's stream (infra/stream-worker.ts): its dead-letter queue holds what failed
   * every retry (`lost`: what that leaves undone), and its errors are retried until then.
   */
  watchStreamWorker(name: string, fn: IFunction, deadLetterQueue: IQueue, says: { lost: string; failing: string }) {
    this.alarm(`${name}DeadLetters`, {
      description: says.lost,
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: "Maximum",
      }),
      threshold: 1,
    });
    this.alarm(`${name}Errors`, {
      description: says.failing,
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
      threshold: 5,
    });
  }

  /**
   * A failing sweeper retries nothing and takes over no dead delivery: two failed runs in a row alarm.
   * Each run records how long the oldest due email has waited; a long wait means mail is stuck.
   */
  watchSweeper(fn: IFunction): void {
    this.alarm("OldestDueEmail", {
      description: `An outbox email has been due for ${OLDEST_DUE_EMAIL_SECONDS / 60} minutes or more without being delivered.`,
      metric: businessMetric("OldestDueEmailAgeSeconds", undefined, "Maximum"),
      threshold: OLDEST_DUE_EMAIL_SECONDS,
    });
    this.alarm("SweeperErrors", {
      description: "The outbox sweeper failed: deferred and stuck emails are not being delivered.",
      metric: fn.metricErrors({ period: Duration.minutes(10), statistic: "Sum" }),
      threshold: 2,
    });
  }

  /**
   * The webhook deliverer and its sweeper: their own errors and dead letters (events whose fan-out failed
   * every retry), deliveries given up in bulk (one broken receiver gives up a few; many means trouble on
   * our side), and the age of the oldest due delivery when a sweep begins (a sweeper that stopped, or
   * cannot keep up, lets it grow; a sweeper that is not running at all writes no value, which also alarms).
   */
  watchWebhooks(deliverer: LambdaFunction, sweeper: LambdaFunction, deadLetterQueue: IQueue): void {
    const alarm = (id: string, description: string, metric: Metric, threshold: number, missingBreaches = false) =>
      this.alarm(id, { description, metric, threshold, missingBreaches });
    const fiveMinutes = { period: Duration.minutes(5), statistic: "Sum" };
    alarm(
      "WebhookDeadLetters",
      "Webhook events whose fan-out failed every retry are in the deliverer's dead-letter queue.",
      deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" }),
      1,
    );
    alarm(
      "WebhookDelivererErrors",
      "The webhook deliverer failed (the store?); it is retrying.",
      deliverer.metricErrors(fiveMinutes),
      5,
    );
    alarm(
      "WebhookSweeperErrors",
      "The webhook sweeper failed: retries are not being made.",
      sweeper.metricErrors({ period: Duration.minutes(10), statistic: "Sum" }),
      2,
    );
    for (const fn of [deliverer, sweeper]) {
      new MetricFilter(this, `WebhookFailed${fn.node.id}`, {
        logGroup: fn.logGroup,
        filterPattern: FilterPattern.stringValue("$.message", "=", DELIVERY_FAILED_LOG_MESSAGE),
        metricNamespace: WEBHOOK_METRICS.namespace,
        metricName: WEBHOOK_METRICS.failed,
        metricValue: "1",
      });
    }
    alarm(
      "WebhookDeliveriesFailed",
      "Many webhook deliveries were given up after 3 days of retries: see the deliverer's and sweeper's logs.",
      new Metric({
        namespace: WEBHOOK_METRICS.namespace,
        metricName: WEBHOOK_METRICS.failed,
        period: Duration.hours(1),
        statistic: "Sum",
      }),
      25,
    );
    new MetricFilter(this, "WebhookOldestDueAgeFilter", {
      logGroup: sweeper.logGroup,
      filterPattern: FilterPattern.stringValue("$.message", "=", SWEEP_LOG_MESSAGE),
      metricNamespace: WEBHOOK_METRICS.namespace,
      metricName: WEBHOOK_METRICS.oldestDueAge,
      metricValue: "$.oldestDueAgeSeconds",
    });
    alarm(
      "WebhookOldestDueAge",
      "A due webhook delivery has waited over 10 minutes (or the sweeper is not running): retries are late.",
      new Metric({
        namespace: WEBHOOK_METRICS.namespace,
        metricName: WEBHOOK_METRICS.oldestDueAge,
        period: Duration.minutes(5),
        statistic: "Maximum",
      }),
      600,
      true,
    );
  }

  /** Every alarm goes off at or above its threshold and notifies the topic; missing data is fine unless it says not. */
  private alarm(id: string, props: AlarmProps): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      evaluationPeriods: props.evaluationPeriods ?? 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: props.missingBreaches ? TreatMissingData.BREACHING : TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

interface AlarmProps {
  description: string;
  metric: IMetric;
  threshold: number;
  evaluationPeriods?: number;
  /** A metric that stops arriving means the thing that writes it stopped. */
  missingBreaches?: boolean;
}
