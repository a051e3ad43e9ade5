import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { estimateMonth, type OperationCost, operationDollars, type UsageAssumptions } from "../bench/cost-model";
import { PEER_PRICES, PRICE_SOURCES, PRICES, PRICES_READ_ON, PRICES_REGION } from "../bench/pricing";
import { API_MEMORY_MB, BACKGROUND_MEMORY_MB } from "../infra/functions";

/**
 * `npm run cost`: a monthly estimate at 1,000 / 10,000 / 100,000 clients from
 * the stated assumptions below, each operation priced with what `npm run bench`
 * measured (bench/results/api.json, bundles.json) where it measured it, and
 * with a stated assumption where it did not. Writes bench/results/cost.json.
 */
const RESULTS = join(import.meta.dirname, "..", "bench", "results");
const SIZES = [1_000, 10_000, 100_000];

const USAGE: UsageAssumptions = {
  // Staff looking clients up and editing them, clients reading their profile: per client per month.
  requestsPerClient: {
    "get client": 3,
    "browse page (25)": 0.5,
    "search page (25)": 1,
    profile: 2,
    "patch client": 0.5,
  },
  newClientShare: 0.02,
  emailsPerClient: 1,
  webhookDeliveriesPerClient: 2,
  signingInClientShare: 0.25,
  signInsPerClient: 2,
  staffPerThousandClients: 2,
  minStaff: 2,
  signInsPerStaff: 20,
  logBytesPerInvocation: 1200,
  storedBytesPerClient: 15_000,
  coldStartShare: 0.01,
  // Business metrics by the values their dimensions take in a month, and the alarms' metrics
  // (33 alarms as synthesised on 2026-11-28; the math alarms evaluate 2, 2 and 9 metrics).
  customMetrics: 30,
  alarmMetrics: 43,
};

/** Operations `npm run bench` does not measure: their units and durations are assumptions. */
const ASSUMED: OperationCost[] = [
  {
    name: "sign-in",
    readUnits: 2,
    writeUnits: 2,
    durationMs: 300,
    memoryMb: API_MEMORY_MB,
    apiRequest: true,
    source: "assumed: not measured (one Cognito call, a session written)",
  },
  {
    name: "email",
    readUnits: 3,
    writeUnits: 6,
    durationMs: 300,
    memoryMb: BACKGROUND_MEMORY_MB,
    apiRequest: false,
    source: "assumed: not measured (mailer: claim, read client and company, send, mark sent with history)",
  },
  {
    name: "webhook delivery",
    readUnits: 1,
    writeUnits: 3,
    durationMs: 200,
    memoryMb: BACKGROUND_MEMORY_MB,
    apiRequest: false,
    source: "assumed: not measured (one POST to the receiver, the attempt recorded)",
  },
  {
    name: "outbox sweep",
    readUnits: 1,
    writeUnits: 0,
    durationMs: 200,
    memoryMb: BACKGROUND_MEMORY_MB,
    apiRequest: false,
    source: "assumed: not measured (every 5 minutes, one query of the due index when nothing waits)",
  },
  {
    name: "webhook sweep",
    readUnits: 1,
    writeUnits: 0,
    durationMs: 200,
    memoryMb: BACKGROUND_MEMORY_MB,
    apiRequest: false,
    source: "assumed: not measured (every minute, one query of the due index when nothing waits)",
  },
];

interface ApiResults {
  machine: { date: string };
  operations: {
    name: string;
    route: string;
    p50Ms: number;
    meanPerRequest: {
      reported: { readUnits: number; writeUnits: number };
      estimatedWriteUnits: Record<string, number>;
    };
  }[];
}

function measuredOperations(): { operations: OperationCost[]; measuredOn: string | null } {
  const file = join(RESULTS, "api.json");
  if (!existsSync(file)) return { operations: [], measuredOn: null };
  const results = JSON.parse(readFileSync(file, "utf8")) as ApiResults;
  const operations = results.operations.map((op): OperationCost => {
    const estimated = Object.values(op.meanPerRequest.estimatedWriteUnits).reduce((a, b) => a + b, 0);
    return {
      name: op.name,
      readUnits: op.meanPerRequest.reported.readUnits,
      // DynamoDB Local under-reports transactions: the per-item estimate is the honest upper bound.
      writeUnits: Math.max(op.meanPerRequest.reported.writeUnits, estimated),
      durationMs: op.p50Ms,
      memoryMb: API_MEMORY_MB,
      apiRequest: true,
      source: `measured ${results.machine.date.slice(0, 10)} (${op.route}): units as reported or estimated per item written, the larger; duration = local p50 end to end`,
    };
  });
  return { operations, measuredOn: results.machine.date };
}

/** The median cold import of the functions' bundles (bench/results/bundles.json), as the billed INIT. */
function measuredInitMs(): { initMs: number; source: string } {
  const file = join(RESULTS, "bundles.json");
  const assumed = { initMs: 500, source: "assumed 500 ms: bench/results/bundles.json is missing" };
  if (!existsSync(file)) return assumed;
  const bundles = (
    JSON.parse(readFileSync(file, "utf8")) as { bundles: { kind: string; importMsMedian: number }[] }
  ).bundles
    .filter((b) => b.kind === "function")
    .map((b) => b.importMsMedian)
    .sort((a, b) => a - b);
  if (bundles.length === 0) return assumed;
  const median = bundles[Math.floor(bundles.length / 2)]!;
  return { initMs: median, source: "measured: median cold import of the function bundles (bundles.json)" };
}

const dollars = (value: number) => (value < 0.01 && value > 0 ? "<$0.01" : `$${value.toFixed(2)}`);
const table = (header: string[], rows: string[][]) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n");
};

/**
 * The deliverer's wall time per event from bench/results/webhooks.json (events through 4 parallel batches
 * in so many seconds): a measured duration; its read and write units stay assumed.
 */
function withMeasuredWebhookDuration(op: OperationCost): OperationCost {
  const file = join(RESULTS, "webhooks.json");
  if (!existsSync(file)) return op;
  const { machine, throughput } = JSON.parse(readFileSync(file, "utf8")) as {
    machine: { date: string };
    throughput: { received: number; seconds: number; parallelBatches: number };
  };
  if (!throughput?.received) return op;
  const durationMs = Math.round((throughput.parallelBatches * throughput.seconds * 1000) / throughput.received);
  return {
    ...op,
    durationMs,
    source: `duration measured ${machine.date.slice(0, 10)} (bench/results/webhooks.json: wall time per event through ${throughput.parallelBatches} parallel batches, a loopback receiver); units assumed`,
  };
}

const { operations: measured, measuredOn } = measuredOperations();
const notMeasured = Object.keys(USAGE.requestsPerClient).filter((name) => !measured.some((m) => m.name === name));
if (notMeasured.length > 0 || measured.length === 0) {
  console.error(
    `bench/results/api.json lacks ${notMeasured.join(", ") || "every operation"}: run \`npm run bench -- api\` first.`,
  );
  process.exit(2);
}
const operations = new Map(
  [...measured, ...ASSUMED.map((op) => (op.name === "webhook delivery" ? withMeasuredWebhookDuration(op) : op))].map(
    (op) => [op.name, op],
  ),
);
const init = measuredInitMs();
const estimates = SIZES.map((clients) => estimateMonth(clients, operations, USAGE, init.initMs));

console.log(`Prices: AWS list prices, ${PRICES_REGION}, arm64, read ${PRICES_READ_ON} (bench/pricing.ts):\n`);
console.log(
  table(
    ["price", "USD", "source", "read", "status"],
    Object.entries(PRICE_SOURCES).flatMap(([service, prices]) =>
      Object.entries(prices as Record<string, { status: string; url: string; read: string }>).map(([name, source]) => [
        `${service}.${name}`,
        String((PRICES as Record<string, Record<string, number>>)[service]![name]),
        source.url,
        source.read,
        source.status,
      ]),
    ),
  ),
);
console.log("");
console.log(`Measured: bench/results/api.json of ${measuredOn}; cold start: ${init.source} (${init.initMs} ms).\n`);

console.log("Cost per operation (US dollars per million operations):\n");
const perOperation = [...operations.values()].map((op) => {
  const cost = operationDollars(op, 1e6);
  return { ...op, perMillion: cost.dynamodb + cost.lambda + cost.apiGateway };
});
console.log(
  table(
    ["operation", "RRU", "WRU", "ms", "MB", "$ / 1M", "source"],
    perOperation.map((op) => [
      op.name,
      String(op.readUnits),
      String(op.writeUnits),
      String(op.durationMs),
      String(op.memoryMb),
      op.perMillion.toFixed(2),
      op.source,
    ]),
  ),
);

console.log("\nAssumptions (per month):", JSON.stringify(USAGE, null, 2));
console.log("\nMonthly estimate:\n");
const services = Object.keys(estimates[0]!.byService);
console.log(
  table(
    ["", ...SIZES.map((n) => `${n.toLocaleString("en-US")} clients`)],
    [
      ...services.map((service) => [service, ...estimates.map((e) => dollars(e.byService[service]!))]),
      ["total / month", ...estimates.map((e) => dollars(e.total))],
      ["per client / month", ...estimates.map((e) => `$${e.perClient.toFixed(4)}`)],
    ],
  ),
);
console.log("\nPeers (licence only, hosting not included):");
for (const peer of PEER_PRICES) console.log(`- ${peer.product}: ${peer.prices} (${peer.source}, read ${peer.read})`);

writeFileSync(
  join(RESULTS, "cost.json"),
  `${JSON.stringify(
    {
      prices: { region: PRICES_REGION, read: PRICES_READ_ON, list: PRICES, sources: PRICE_SOURCES },
      measuredOn,
      coldStart: init,
      assumptions: USAGE,
      operations: perOperation,
      estimates,
      peers: PEER_PRICES,
    },
    null,
    2,
  )}\n`,
);
console.log("\nWritten to bench/results/cost.json.");
