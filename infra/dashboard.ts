import { Duration } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Dashboard,
  GraphWidget,
  type IMetric,
  type IWidget,
  LogQueryVisualizationType,
  LogQueryWidget,
  MathExpression,
  Metric,
  TextWidget,
} from "aws-cdk-lib/aws-cloudwatch";
import { type ITableV2, Operation } from "aws-cdk-lib/aws-dynamodb";
import type { IFunction, Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import type { ILogGroup } from "aws-cdk-lib/aws-logs";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { RouteSpec } from "../lib/http/route";
import {
  BUSINESS_METRICS,
  type BusinessMetric,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
} from "../lib/observability/metrics";
import { WEBHOOK_METRICS } from "../lib/webhooks/metrics";
import { routeKeyOf } from "./api";

const PERIOD = Duration.minutes(5);
const WIDE = 12;
const QUARTER = 6;
const HEIGHT = 6;

/** Every operation the store sends (no Scan: nobody may scan); at most 10, the limit of an alarm's math. */
export const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
  Operation.TRANSACT_GET_ITEMS,
];

/** Table requests DynamoDB throttled, all operations summed (GSI back-pressure on writes included). */
export const tableThrottles = (table: ITableV2): IMetric =>
  table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, period: PERIOD });

/** One business metric with explicit dimension values, for alarms (an alarm cannot use SEARCH). */
export function businessMetric(name: BusinessMetric, dimensionValue?: string, statistic = "Sum"): Metric {
  const { dimension } = BUSINESS_METRICS[name];
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: {
      service: METRICS_SERVICE,
      ...(dimension && dimensionValue ? { [dimension]: dimensionValue } : {}),
    },
    statistic,
    period: PERIOD,
  });
}

/**
 * A business metric split by every value its dimension took: a SEARCH, so new
 * values (a new template, a new refusal reason) appear without a redeploy.
 */
function businessSearch(name: BusinessMetric): MathExpression {
  const { dimension, unit } = BUSINESS_METRICS[name];
  const schema = [METRICS_NAMESPACE, "service", ...(dimension ? [dimension] : [])].join(",");
  const statistic = unit === "Count" ? "Sum" : "Maximum";
  return new MathExpression({
    expression: `SEARCH('{${schema}} MetricName="${name}"', '${statistic}', ${PERIOD.toSeconds()})`,
    usingMetrics: {},
    label: "",
    period: PERIOD,
  });
}

export interface WorkerWatch {
  /** How the row is titled, e.g. "Mailer". */
  name: string;
  fn: IFunction;
  deadLetterQueue?: IQueue;
  /** A stream consumer's IteratorAge: how old the oldest record not yet handed to it is. */
  fromStream?: boolean;
}

export interface OperationsDashboardProps {
  api: HttpApi;
  /** The stage's access log (JSON lines with `routeKey`, `status`, `latencyMs`: infra/api.ts). */
  accessLogs: ILogGroup;
  /** The route catalog: each route's group is the function serving it (`RouteSpec.lambda`). */
  routes: readonly RouteSpec[];
  /** Every function of the stack, by name (API route groups and workers). */
  functions: ReadonlyMap<string, LambdaFunction>;
  table: ITableV2;
  /** Background workers: the mailer, the importer, password resets; the webhook deliverer joins through `webhookRow`. */
  workers: readonly WorkerWatch[];
  /** The webhook deliverer, once it exists (its row is left out until then). */
  webhooks?: WorkerWatch;
}

/**
 * One dashboard for the whole installation: is the API answering, are the
 * functions healthy, is the table keeping up, is the background work (emails,
 * imports, webhooks) flowing, and what the business sees (clients, signups,
 * emails, sign-ins).
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    this.dashboard = new Dashboard(this, "Dashboard", { defaultInterval: Duration.hours(6) });
    const rows: IWidget[][] = [
      [heading("API (HTTP API, all routes)")],
      apiRow(props.api),
      [heading("API by route group (the routes each function serves; from the access log)")],
      ...routeGroupRows(props.accessLogs, props.routes),
      [heading("Functions (one line per route group and worker)")],
      ...functionRows(props.functions),
      [heading("DynamoDB")],
      tableRow(props.table),
      [heading("Background work: backlog and dead letters")],
      workerRow(props.workers),
      webhookRow(props.webhooks),
      [heading(`Business (${METRICS_NAMESPACE} namespace, service=${METRICS_SERVICE})`)],
      ...businessRows(),
    ];
    for (const row of rows) if (row.length > 0) this.dashboard.addWidgets(...row);
  }
}

const heading = (text: string) => new TextWidget({ markdown: `## ${text}`, width: 24, height: 1 });

const graph = (title: string, left: IMetric[], width = WIDE) =>
  new GraphWidget({ title, left, width, height: HEIGHT, period: PERIOD });

function apiRow(api: HttpApi): IWidget[] {
  return [
    graph(
      "Requests, 4xx, 5xx",
      [
        api.metricCount({ statistic: "Sum", label: "requests" }),
        api.metricClientError({ statistic: "Sum", label: "4xx" }),
        api.metricServerError({ statistic: "Sum", label: "5xx" }),
      ],
      WIDE,
    ),
    graph("Latency (ms)", [
      api.metricLatency({ statistic: "p50", label: "p50" }),
      api.metricLatency({ statistic: "p99", label: "p99" }),
    ]),
  ];
}

/** The route keys of each group, a group being the function that serves its routes. */
export function routeGroups(routes: readonly RouteSpec[]): Map<RouteSpec["lambda"], string[]> {
  const groups = new Map<RouteSpec["lambda"], string[]>();
  for (const spec of routes) groups.set(spec.lambda, [...(groups.get(spec.lambda) ?? []), routeKeyOf(spec)]);
  return groups;
}

/**
 * Two widgets per route group, from the stage's access log (free until someone looks, where per-route
 * metrics would bill 6 custom metrics for every route every hour it is called): requests, 4xx and 5xx,
 * and latency p50 and p99 over the group's requests together.
 */
function routeGroupRows(accessLogs: ILogGroup, routes: readonly RouteSpec[]): IWidget[][] {
  const widgets: IWidget[] = [];
  for (const [group, keys] of routeGroups(routes)) {
    const query = (title: string, stats: string) =>
      new LogQueryWidget({
        title,
        logGroupNames: [accessLogs.logGroupName],
        queryLines: [`filter routeKey in ${JSON.stringify(keys)}`, `${stats} by bin(5m)`],
        view: LogQueryVisualizationType.LINE,
        width: QUARTER,
        height: HEIGHT,
      });
    widgets.push(
      query(
        `${group} (${keys.length} routes): requests, 4xx, 5xx`,
        "stats count(*) as requests, sum(status >= 400) - sum(status >= 500) as http4xx, sum(status >= 500) as http5xx",
      ),
      query(`${group}: latency (ms)`, "stats pct(latencyMs, 50) as p50, pct(latencyMs, 99) as p99"),
    );
  }
  // Two groups a row.
  const rows: IWidget[][] = [];
  for (let i = 0; i < widgets.length; i += 4) rows.push(widgets.slice(i, i + 4));
  return rows;
}

function functionRows(functions: ReadonlyMap<string, LambdaFunction>): IWidget[][] {
  const each = (metric: (fn: IFunction, name: string) => IMetric) =>
    [...functions].map(([name, fn]) => metric(fn, name));
  return [
    [
      graph(
        "Invocations",
        each((fn, label) => fn.metricInvocations({ statistic: "Sum", label })),
      ),
      graph(
        "Errors",
        each((fn, label) => fn.metricErrors({ statistic: "Sum", label })),
      ),
    ],
    [
      graph(
        "Throttles",
        each((fn, label) => fn.metricThrottles({ statistic: "Sum", label })),
      ),
      graph(
        "Concurrent executions (max)",
        each((fn, label) => fn.metric("ConcurrentExecutions", { statistic: "Maximum", label })),
      ),
    ],
    [
      graph(
        "Duration p50 (ms)",
        each((fn, label) => fn.metricDuration({ statistic: "p50", label })),
      ),
      graph(
        "Duration p99 (ms)",
        each((fn, label) => fn.metricDuration({ statistic: "p99", label })),
      ),
    ],
    [coldStarts(functions)],
  ];
}

/** Lambda publishes no cold-start metric: its REPORT lines carry an Init Duration when the start was cold. */
function coldStarts(functions: ReadonlyMap<string, LambdaFunction>): IWidget {
  return new LogQueryWidget({
    title: "Cold starts (REPORT lines with an Init Duration) and their median init (ms)",
    logGroupNames: [...functions.values()].map((fn) => fn.logGroup.logGroupName),
    queryLines: [
      'filter @type = "REPORT" and ispresent(@initDuration)',
      "stats count() as coldStarts, pct(@initDuration, 50) as initP50 by @log",
      "sort coldStarts desc",
    ],
    view: LogQueryVisualizationType.TABLE,
    width: 24,
    height: HEIGHT,
  });
}

function tableRow(table: ITableV2): IWidget[] {
  return [
    graph("Consumed capacity units", [
      table.metricConsumedReadCapacityUnits({ statistic: "Sum", label: "read" }),
      table.metricConsumedWriteCapacityUnits({ statistic: "Sum", label: "write" }),
    ]),
    graph("Throttled requests (all operations)", [tableThrottles(table)]),
  ];
}

function workerRow(workers: readonly WorkerWatch[]): IWidget[] {
  const queued = workers.filter((w) => w.deadLetterQueue);
  const streamed = workers.filter((w) => w.fromStream);
  return [
    graph("Oldest pending (s): due email, stream records", [
      businessMetric("OldestDueEmailAgeSeconds", undefined, "Maximum").with({ label: "oldest due email (sweeper)" }),
      ...streamed.map((w) => w.fn.metric("IteratorAge", { statistic: "Maximum", label: `${w.name} stream (ms)` })),
    ]),
    graph(
      "Dead-letter queue depths",
      queued.map((w) =>
        w.deadLetterQueue!.metricApproximateNumberOfMessagesVisible({ statistic: "Maximum", label: w.name }),
      ),
    ),
  ];
}

/**
 * The webhook deliverer's row: deliveries given up and the oldest due delivery's age (both counted by
 * metric filters on its log lines, lib/webhooks/metrics.ts), its errors and dead letters. Empty without one.
 */
export function webhookRow(webhooks: WorkerWatch | undefined): IWidget[] {
  if (!webhooks) return [];
  const webhookMetric = (metricName: string, statistic: string, label: string) =>
    new Metric({ namespace: WEBHOOK_METRICS.namespace, metricName, statistic, label, period: PERIOD });
  return [
    graph("Webhooks: deliveries given up, oldest due delivery (s)", [
      webhookMetric(WEBHOOK_METRICS.failed, "Sum", "given up"),
      webhookMetric(WEBHOOK_METRICS.oldestDueAge, "Maximum", "oldest due (s)"),
    ]),
    graph("Webhook deliverer: errors, dead letters", [
      webhooks.fn.metricErrors({ statistic: "Sum", label: "errors" }),
      ...(webhooks.deadLetterQueue
        ? [webhooks.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: "Maximum", label: "DLQ" })]
        : []),
    ]),
  ];
}

/** Two business metrics per row, each split by its dimension. */
function businessRows(): IWidget[][] {
  const names = Object.keys(BUSINESS_METRICS) as BusinessMetric[];
  const rows: IWidget[][] = [];
  for (let i = 0; i < names.length; i += 2) {
    rows.push(names.slice(i, i + 2).map((name) => graph(name, [businessSearch(name)])));
  }
  return rows;
}
