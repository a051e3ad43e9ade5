import { PRICES } from "./pricing";

/** What one operation costs in units: read and write request units, and one function's billed run. */
export interface OperationCost {
  name: string;
  readUnits: number;
  writeUnits: number;
  /** Billed duration of the function that serves it (ms) and its memory (MB). */
  durationMs: number;
  memoryMb: number;
  /** Whether it passes API Gateway (an HTTP API request). */
  apiRequest: boolean;
  /** Where the numbers come from: measured by `npm run bench` or assumed (and why). */
  source: string;
}

/** How a month of an installation with `clients` clients is used: stated, not measured. */
export interface UsageAssumptions {
  /** API requests per client per month, by operation name (measured operations). */
  requestsPerClient: Record<string, number>;
  /** New clients per month, as a share of all clients (signups and staff creates). */
  newClientShare: number;
  /** Emails per client per month, besides each new client's registration email. */
  emailsPerClient: number;
  webhookDeliveriesPerClient: number;
  /** Share of the clients who sign in in a month (Cognito MAU), and their sign-ins each. */
  signingInClientShare: number;
  signInsPerClient: number;
  /** Staff members per 1,000 clients (at least `minStaff`) and each one's sign-ins a month. */
  staffPerThousandClients: number;
  minStaff: number;
  signInsPerStaff: number;
  /** Log bytes written per function invocation (access log, request line, REPORT line, EMF lines). */
  logBytesPerInvocation: number;
  /** Stored bytes per client: its items, index entries and history. */
  storedBytesPerClient: number;
  /** Share of invocations that start cold (their INIT is billed too). */
  coldStartShare: number;
  /** Custom metrics and alarm metrics the stack publishes and evaluates (fixed). */
  customMetrics: number;
  alarmMetrics: number;
}

export interface MonthEstimate {
  clients: number;
  /** US dollars a month, by service. */
  byService: Record<string, number>;
  total: number;
  perClient: number;
}

const GB = 1024 ** 3;
const MONTH_SECONDS = 30 * 24 * 3600;
/** The outbox sweeper runs every 5 minutes and the webhook sweeper every minute, whatever the load. */
const SWEEPS_PER_MONTH = MONTH_SECONDS / 300;
const WEBHOOK_SWEEPS_PER_MONTH = MONTH_SECONDS / 60;

/** US dollars for `count` operations of one kind: DynamoDB units, Lambda and API Gateway. */
export function operationDollars(op: OperationCost, count: number, coldStart?: { share: number; initMs: number }) {
  const initSeconds = coldStart ? (coldStart.share * coldStart.initMs) / 1000 : 0;
  const gbSeconds = count * (op.memoryMb / 1024) * (op.durationMs / 1000 + initSeconds);
  return {
    dynamodb:
      (count * op.readUnits * PRICES.dynamodb.perMillionReadUnits) / 1e6 +
      (count * op.writeUnits * PRICES.dynamodb.perMillionWriteUnits) / 1e6,
    lambda: gbSeconds * PRICES.lambda.perGbSecondArm + (count * PRICES.lambda.perMillionRequests) / 1e6,
    apiGateway: op.apiRequest ? (count * PRICES.httpApi.perMillionRequests) / 1e6 : 0,
  };
}

/**
 * A month at `clients` clients: each operation's count from the assumptions,
 * priced with its measured (or assumed) units; Cognito by monthly active users;
 * SES per email; CloudWatch by log bytes and the fixed metrics, alarms and dashboard.
 */
export function estimateMonth(
  clients: number,
  operations: ReadonlyMap<string, OperationCost>,
  usage: UsageAssumptions,
  initMs: number,
): MonthEstimate {
  const op = (name: string): OperationCost => {
    const found = operations.get(name);
    if (!found) throw new Error(`No cost for the operation "${name}"`);
    return found;
  };
  const staff = Math.max(usage.minStaff, Math.ceil((clients / 1000) * usage.staffPerThousandClients));
  const signingIn = clients * usage.signingInClientShare;
  const newClients = clients * usage.newClientShare;
  const counts = new Map<string, number>([
    ...Object.entries(usage.requestsPerClient).map(([name, perClient]) => [name, clients * perClient] as const),
    ["create client", newClients],
    ["sign-in", signingIn * usage.signInsPerClient + staff * usage.signInsPerStaff],
    ["email", newClients + clients * usage.emailsPerClient],
    ["webhook delivery", clients * usage.webhookDeliveriesPerClient],
    ["outbox sweep", SWEEPS_PER_MONTH],
    ["webhook sweep", WEBHOOK_SWEEPS_PER_MONTH],
  ]);

  const byService: Record<string, number> = {
    dynamodb: 0,
    lambda: 0,
    apiGateway: 0,
    cognito: 0,
    ses: 0,
    cloudwatch: 0,
    "kms + secrets": 0,
  };
  let invocations = 0;
  for (const [name, count] of counts) {
    const dollars = operationDollars(op(name), count, { share: usage.coldStartShare, initMs });
    byService.dynamodb! += dollars.dynamodb;
    byService.lambda! += dollars.lambda;
    byService.apiGateway! += dollars.apiGateway;
    invocations += count;
  }
  const storedGb = (clients * usage.storedBytesPerClient) / GB;
  byService.dynamodb! += storedGb * (PRICES.dynamodb.perGbMonthStored + PRICES.dynamodb.perGbMonthPitr);
  // Creating a user (AdminCreateUser) makes it active that month too.
  const clientMau = Math.min(clients, signingIn + newClients);
  byService.cognito =
    Math.max(0, clientMau - PRICES.cognito.essentialsFreeMau) * PRICES.cognito.essentialsPerMau +
    staff * PRICES.cognito.plusPerMau;
  byService.ses = ((counts.get("email") ?? 0) / 1000) * PRICES.ses.perThousandEmails;
  byService.cloudwatch =
    ((invocations * usage.logBytesPerInvocation) / GB) * PRICES.cloudwatch.perGbLogsIngested +
    usage.customMetrics * PRICES.cloudwatch.perCustomMetricMonth +
    usage.alarmMetrics * PRICES.cloudwatch.perAlarmMetricMonth +
    PRICES.cloudwatch.perDashboardMonth;
  // The field key rotates every year; from its second rotation on it costs its steady price.
  byService["kms + secrets"] =
    PRICES.kms.perKeyMonth +
    PRICES.kms.billedRotations * PRICES.kms.perRotationMonth +
    PRICES.secretsManager.perSecretMonth;
  const total = Object.values(byService).reduce((sum, value) => sum + value, 0);
  return { clients, byService, total, perClient: total / clients };
}
