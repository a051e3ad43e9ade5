/**
 * Latency and DynamoDB cost of the main client operations on the local stack:
 * the emulators and the local API Gateway stand-in started in this process,
 * requests sent one at a time over loopback.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROUTES } from "../lib/api/catalog";
import { createLocalServer } from "../lib/local/http-server";
import { startLocalStack } from "../lib/local/stack";
import { db } from "../lib/store/client";
import { type Cost, emptyCost, meterCapacity } from "./capacity";
import { freePort, listen } from "./local-api";
import { machine, percentile, printMachine, printTable, round, writeResult } from "./report";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);
const WARM_UP = 5;
const ADMIN = { username: "bench-admin", password: "Bench-Admin-Passw0rd" };

interface Target {
  method: string;
  path: string;
  body?: unknown;
  expect: number;
}

interface Operation {
  name: string;
  /** The catalog route it exercises: skipped when the catalog does not have it yet. */
  route: { method: string; path: string };
  goal?: { text: string; met: (cost: MeanCost) => boolean };
  /** Requests sent before measuring, to give the operation something to work on. */
  setup?: () => Target[];
  target: (i: number) => Target;
}

/** Cost per request, averaged over the measured requests. */
type MeanCost = Cost;

const uniqueWord = `bench${Date.now().toString(36)}`;
const createdIds: string[] = [];
const idAt = (i: number) => createdIds[i % createdIds.length]!;

const PROFILED = 10;
const billing = (clientId: string, kind: string, body: unknown): Target => ({
  method: "POST",
  path: `/v1/clients/${clientId}/${kind}`,
  body,
  expect: 201,
});

const OPERATIONS: Operation[] = [
  {
    name: "create client",
    route: { method: "POST", path: "/v1/clients" },
    goal: {
      text: "≤ 6 WCU excluding search index items (estimated)",
      met: (c) => c.estimatedWriteUnits.client + c.estimatedWriteUnits.browse <= 6,
    },
    target: (i) => ({
      method: "POST",
      path: "/v1/clients",
      expect: 201,
      body: {
        firstName: "Ada",
        lastName: `Lovelace ${uniqueWord}`,
        company: "Analytical Engines Ltd",
        email: `ada-${uniqueWord}-${i}@example.com`,
        country: "GB",
        state: "GB-WSM",
        phones: [{ type: "phone", location: "work", number: "+44 20 7946 0018" }],
        password: "Bench-Client-Passw0rd",
        sendRegistrationEmail: true,
      },
    }),
  },
  {
    name: "get client",
    route: { method: "GET", path: "/v1/clients/{clientId}" },
    goal: { text: "≤ 1 RCU", met: (c) => c.reported.readUnits <= 1 },
    target: (i) => ({ method: "GET", path: `/v1/clients/${idAt(i)}`, expect: 200 }),
  },
  {
    name: "patch client",
    route: { method: "PATCH", path: "/v1/clients/{clientId}" },
    target: (i) => ({ method: "PATCH", path: `/v1/clients/${idAt(i)}`, body: { city: `City ${i}` }, expect: 200 }),
  },
  {
    name: "browse page (25)",
    route: { method: "GET", path: "/v1/clients" },
    target: () => ({ method: "GET", path: "/v1/clients?limit=25&sort=lastName", expect: 200 }),
  },
  {
    name: "search page (25)",
    route: { method: "GET", path: "/v1/clients/search" },
    target: () => ({ method: "GET", path: `/v1/clients/search?q=${uniqueWord}&limit=25`, expect: 200 }),
  },
  {
    name: "profile",
    route: { method: "GET", path: "/v1/clients/{clientId}/profile" },
    goal: { text: "one Query", met: (c) => (c.calls.QueryCommand ?? 0) <= 1 },
    // Profiles of clients with records in every widget: 3 invoices, 2 transactions, 1 service each.
    setup: () =>
      createdIds
        .slice(0, PROFILED)
        .flatMap((id) => [
          ...[1, 2, 3].map((n) =>
            billing(id, "invoices", { lines: [{ description: `Hosting ${n}`, unitPrice: "10.00" }] }),
          ),
          billing(id, "transactions", { type: "payment", amount: "5.00" }),
          billing(id, "transactions", { type: "credit", amount: "2.50" }),
          billing(id, "services", { name: "VPS", price: "5.00", billingPeriod: "monthly" }),
        ]),
    target: (i) => ({ method: "GET", path: `/v1/clients/${idAt(i % PROFILED)}/profile`, expect: 200 }),
  },
];

const inCatalog = (route: Operation["route"]) => ROUTES.some((r) => r.method === route.method && r.path === route.path);

async function send(base: string, token: string, target: Target) {
  const response = await fetch(`${base}${target.path}`, {
    method: target.method,
    headers: { authorization: `Bearer ${token}`, ...(target.body ? { "content-type": "application/json" } : {}) },
    body: target.body ? JSON.stringify(target.body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function mean(costs: Cost[]): MeanCost {
  const average = (pick: (c: Cost) => number) => round(costs.reduce((s, c) => s + pick(c), 0) / costs.length, 2);
  const perKind = (pick: (c: Cost) => Record<string, number>) => ({
    client: average((c) => pick(c).client!),
    browse: average((c) => pick(c).browse!),
    search: average((c) => pick(c).search!),
  });
  const names = [...new Set(costs.flatMap((c) => Object.keys(c.calls)))];
  return {
    calls: Object.fromEntries(names.map((name) => [name, average((c) => c.calls[name] ?? 0)])),
    reported: {
      readUnits: average((c) => c.reported.readUnits),
      writeUnits: average((c) => c.reported.writeUnits),
      tableWriteUnits: average((c) => c.reported.tableWriteUnits),
      gsiWriteUnits: average((c) => c.reported.gsiWriteUnits),
    },
    itemsRead: average((c) => c.itemsRead),
    itemsWritten: perKind((c) => c.itemsWritten),
    estimatedWriteUnits: perKind((c) => c.estimatedWriteUnits),
  };
}

export async function runApiBench() {
  const info = machine();
  printMachine(info);
  const dataDir = mkdtempSync(join(tmpdir(), "clientele-bench-"));
  console.log(`Starting the local stack (data in ${dataDir}) ...`);
  const [dynamodb, cognito, ses] = [await freePort(), await freePort(), await freePort()];
  const stack = await startLocalStack({
    dataDir,
    ports: { dynamodb, cognito, ses },
    companyName: "Bench Company",
    adminUsername: ADMIN.username,
    adminPassword: ADMIN.password,
    adminEmail: "bench-admin@bench.localhost",
  });
  // Imported after the stack set the environment, like a Lambda function starting with its configuration.
  const { localFunctions } = await import("../functions/local");
  const server = createLocalServer(localFunctions);
  // Requests go one at a time, so whatever DynamoDB does meanwhile belongs to the request in flight.
  let inFlight: Cost | undefined;
  const unmeter = meterCapacity(db(), () => inFlight);
  try {
    const base = await listen(server);
    const login = await send(base, "", {
      method: "POST",
      path: "/v1/auth/staff/login",
      body: ADMIN,
      expect: 200,
    });
    const token = login.body.idToken as string;
    const results = [];
    const skipped: { name: string; reason: string }[] = [];
    for (const operation of OPERATIONS) {
      if (!inCatalog(operation.route)) {
        skipped.push({
          name: operation.name,
          reason: `${operation.route.method} ${operation.route.path} is not in the catalog yet`,
        });
        console.log(`${operation.name}: skipped (not in the route catalog yet)`);
        continue;
      }
      for (const request of operation.setup?.() ?? []) {
        const response = await send(base, token, request);
        if (response.status !== request.expect) {
          throw new Error(`setting up ${operation.name}: ${request.method} ${request.path} -> ${response.status}`);
        }
      }
      const latencies: number[] = [];
      const measured: Cost[] = [];
      const failures: Record<number, number> = {};
      let served = true;
      for (let i = 0; i < WARM_UP + ITERATIONS; i++) {
        const target = operation.target(i);
        const cost = emptyCost();
        inFlight = cost;
        const started = performance.now();
        const response = await send(base, token, target);
        const elapsed = performance.now() - started;
        inFlight = undefined;
        if (response.status === 404 && i === 0 && response.body?.type?.endsWith("/not-found") && !createdIds.length) {
          served = false;
          break;
        }
        if (response.status !== target.expect) {
          failures[response.status] = (failures[response.status] ?? 0) + 1;
          if (i === 0) {
            served = false;
            skipped.push({
              name: operation.name,
              reason: `answered ${response.status}: ${JSON.stringify(response.body)}`,
            });
            break;
          }
          continue;
        }
        if (operation.route.path === "/v1/clients" && target.method === "POST") createdIds.push(response.body.id);
        if (i < WARM_UP) continue;
        latencies.push(elapsed);
        measured.push(cost);
        if (i % 10 === 0) process.stdout.write(`\r${operation.name}: ${i - WARM_UP + 1}/${ITERATIONS}`);
      }
      if (!served) {
        console.log(`\r${operation.name}: skipped (${skipped.at(-1)?.reason ?? "not served yet"})`);
        continue;
      }
      const cost = mean(measured);
      const result = {
        name: operation.name,
        route: `${operation.route.method} ${operation.route.path}`,
        requests: latencies.length,
        failures,
        p50Ms: round(percentile(latencies, 50)),
        p99Ms: round(percentile(latencies, 99)),
        meanPerRequest: cost,
        goal: operation.goal ? { text: operation.goal.text, met: operation.goal.met(cost) } : null,
      };
      results.push(result);
      process.stdout.write(`\r${operation.name}: done (p50 ${result.p50Ms} ms)          \n`);
    }
    printTable(
      [
        "operation",
        "n",
        "p50 ms",
        "p99 ms",
        "RCU",
        "WCU (table+GSI)",
        "est. WCU client/browse/search",
        "items read",
        "items written client/browse/search",
        "calls",
        "goal",
      ],
      results.map(({ name, requests, p50Ms, p99Ms, meanPerRequest: c, goal }) => [
        name,
        requests,
        p50Ms,
        p99Ms,
        c.reported.readUnits,
        `${c.reported.writeUnits} (${c.reported.tableWriteUnits}+${c.reported.gsiWriteUnits})`,
        `${c.estimatedWriteUnits.client}/${c.estimatedWriteUnits.browse}/${c.estimatedWriteUnits.search}`,
        c.itemsRead,
        `${c.itemsWritten.client}/${c.itemsWritten.browse}/${c.itemsWritten.search}`,
        Object.entries(c.calls)
          .map(([call, n]) => `${call.replace("Command", "")}×${n}`)
          .join(" "),
        goal ? `${goal.met ? "met" : "MISSED"}: ${goal.text}` : "",
      ]),
    );
    for (const s of skipped) console.log(`skipped ${s.name}: ${s.reason}`);
    const file = writeResult("api", {
      machine: info,
      settings: {
        iterations: ITERATIONS,
        warmUp: WARM_UP,
        mode: "sequential requests over loopback to the local API Gateway stand-in, in the emulators' process group",
        capacity:
          "reported: ReturnConsumedCapacity INDEXES on every document client call, as DynamoDB Local reports it " +
          "(it under-reports transactions); estimated: DynamoDB's pricing per item written (1 WCU per started KB, " +
          "2 in a transaction), table only; kinds by key: search tokens, browse entries + marketing audience, the rest",
      },
      operations: results,
      skipped,
    });
    console.log(`Wrote ${file}`);
    return results;
  } finally {
    unmeter();
    server.close();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
