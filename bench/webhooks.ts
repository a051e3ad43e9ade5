/**
 * `npm run bench:webhooks`: on the local stack with a receiver on loopback,
 *
 * 1. throughput: events per second through the deliverer (functions/webhooks.ts
 *    called with stream batches of 10, 4 batches side by side as the event source
 *    mapping's parallelization allows), from fan-out to the receiver's 200 and
 *    the recorded success;
 * 2. delay: from the API's answer to POST /v1/clients to the receiver's request
 *    carrying its client.created event, with the deliverer fed by the local
 *    stream poller (its 100 ms poll included, as DynamoDB Streams' own delay
 *    would be in the cloud).
 *
 * Sizes: `npm run bench:webhooks -- <events> <clients>` (default 1000 and 100).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { handler as deliverer } from "../functions/webhooks";
import { createCompanyWithAdmin } from "../lib/companies/create-company-with-admin";
import { resetConfig } from "../lib/config";
import { lambdaContext } from "../lib/local/lambda-context";
import { startLocalStack } from "../lib/local/stack";
import { startStreamPoller } from "../lib/local/stream-poller";
import { startWebhookSweeper } from "../lib/local/webhook-sweeper";
import { EVENT_ITEM_TYPE, putTargetedEvent, type StoredEvent } from "../lib/store/webhook-event-repository";
import { newEvent } from "../lib/webhooks/events";
import { matchesWebhookEventFilter } from "../lib/webhooks/stream-filter";
import { freePort } from "./local-api";
import { machine, percentile, printMachine, printTable, round, writeResult } from "./report";

process.env.CLIENTELE_WEBHOOKS_ALLOW_LOCALHOST = "true";

const [EVENTS = 1000, CLIENTS = 100] = process.argv.slice(2).map(Number).filter(Boolean);
const BATCH = 10;
const PARALLEL_BATCHES = 4;
const ADMIN = { username: "bench-webhooks", password: "Bench-Webhooks-Passw0rd" };

/** Answers 200 at once and notes when each event arrived. */
async function startReceiver(): Promise<{ server: Server; url: string; arrivals: Map<string, number> }> {
  const arrivals = new Map<string, number>();
  const server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const event = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      arrivals.set(event.type === "client.created" ? event.data.object.id : event.id, performance.now());
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/bench`, arrivals };
}

async function api(base: string, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

async function main() {
  const info = machine();
  printMachine(info);
  const dataDir = mkdtempSync(join(tmpdir(), "clientele-bench-webhooks-"));
  console.log(`Starting the local stack (data in ${dataDir}) ...`);
  const [dynamodb, cognito, ses] = [await freePort(), await freePort(), await freePort()];
  const stack = await startLocalStack({
    dataDir,
    ports: { dynamodb, cognito, ses },
    companyName: "Bench Webhooks",
    adminUsername: ADMIN.username,
    adminPassword: ADMIN.password,
    adminEmail: "bench-admin@bench.localhost",
  });
  resetConfig();
  const receiver = await startReceiver();
  const { localFunctions } = await import("../functions/local");
  const { createLocalServer } = await import("../lib/local/http-server");
  const server = createLocalServer(localFunctions);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // Throughput: a company of its own, so the latency phase's endpoint is not in its fan-out.
    const { company } = await createCompanyWithAdmin(
      { name: "Throughput" },
      { username: "bench-throughput", email: "t@bench.localhost", password: ADMIN.password },
    );
    const throughputToken = (
      await api(base, "", "POST", "/v1/auth/staff/login", { username: "bench-throughput", password: ADMIN.password })
    ).body.idToken as string;
    const endpoint = await api(base, throughputToken, "POST", "/v1/webhooks", { url: receiver.url, events: ["*"] });
    if (endpoint.status !== 201) throw new Error(`creating the endpoint: ${JSON.stringify(endpoint.body)}`);
    console.log(`Writing ${EVENTS} events ...`);
    const events: StoredEvent[] = [];
    for (let start = 0; start < EVENTS; start += 50) {
      const chunk = Array.from({ length: Math.min(50, EVENTS - start) }, (_, i) =>
        newEvent(company.id, "ping", { n: start + i }),
      );
      await Promise.all(chunk.map((event) => putTargetedEvent(event, endpoint.body.id)));
      for (const event of chunk) {
        events.push({
          eventId: event.id,
          companyId: company.id,
          type: event.type,
          createdAt: event.createdAt,
          body: JSON.stringify(event),
          targetWebhookId: endpoint.body.id,
        });
      }
    }
    const batches: DynamoDBStreamEvent[] = [];
    for (let i = 0; i < events.length; i += BATCH) {
      batches.push({
        Records: events.slice(i, i + BATCH).map((event, j) => ({
          eventName: "INSERT",
          dynamodb: {
            SequenceNumber: String(i + j),
            NewImage: marshall({ ...event, itemType: EVENT_ITEM_TYPE }) as never,
          },
        })),
      });
    }
    console.log(`Delivering them through the deliverer (${BATCH} per batch, ${PARALLEL_BATCHES} batches at once) ...`);
    const started = performance.now();
    let next = 0;
    let delivered = 0;
    let failedBatches = 0;
    await Promise.all(
      Array.from({ length: PARALLEL_BATCHES }, async () => {
        while (next < batches.length) {
          const batch = batches[next++]!;
          const result = await deliverer(batch, lambdaContext());
          failedBatches += result?.batchItemFailures.length ? 1 : 0;
          delivered += batch.Records.length;
          if (delivered % 100 === 0) process.stdout.write(`  ${delivered}/${events.length}\r`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const received = events.filter((e) => receiver.arrivals.has(e.eventId)).length;
    console.log(`  ${delivered}/${events.length} in ${round(seconds, 2)} s`);

    // Delay: the deliverer on the stream, as npm start runs it.
    // Only the latency company's events: the stream still holds the throughput phase's.
    const latencyCompany = stack.companyId;
    const poller = await startStreamPoller({
      filter: (record) =>
        matchesWebhookEventFilter(record as never) && record.dynamodb?.NewImage?.companyId?.S === latencyCompany,
      handler: deliverer,
      intervalMs: 100,
    });
    const sweeper = startWebhookSweeper({
      intervalMs: 1000,
      only: (delivery) => delivery.companyId === latencyCompany,
    });
    const token = (
      await api(base, "", "POST", "/v1/auth/staff/login", { username: ADMIN.username, password: ADMIN.password })
    ).body.idToken as string;
    const own = await api(base, token, "POST", "/v1/webhooks", { url: receiver.url, events: ["client.created"] });
    if (own.status !== 201) throw new Error(`creating the endpoint: ${JSON.stringify(own.body)}`);
    console.log(`Creating ${CLIENTS} clients one after another and timing their client.created ...`);
    const answered = new Map<string, number>();
    for (let i = 0; i < CLIENTS; i++) {
      const created = await api(base, token, "POST", "/v1/clients", {
        firstName: "Bench",
        lastName: `Client ${i}`,
        email: `bench-${i}-${Date.now()}@example.com`,
        country: "GB",
        generatePassword: true,
      });
      if (created.status !== 201) throw new Error(`creating a client: ${JSON.stringify(created.body)}`);
      answered.set(created.body.id, performance.now());
      if ((i + 1) % 20 === 0) process.stdout.write(`  ${i + 1}/${CLIENTS}\r`);
    }
    const deadline = Date.now() + 30_000;
    while ([...answered.keys()].some((id) => !receiver.arrivals.has(id)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await Promise.all([poller.stop(), sweeper.stop()]);
    const delays = [...answered].flatMap(([id, at]) =>
      receiver.arrivals.has(id) ? [receiver.arrivals.get(id)! - at] : [],
    );

    const result = {
      machine: info,
      throughput: {
        events: EVENTS,
        received,
        failedBatches,
        seconds: round(seconds, 2),
        eventsPerSecond: round(EVENTS / seconds, 1),
        batchSize: BATCH,
        parallelBatches: PARALLEL_BATCHES,
      },
      delay: {
        clients: CLIENTS,
        received: delays.length,
        p50Ms: round(percentile(delays, 50)),
        p99Ms: round(percentile(delays, 99)),
        maxMs: round(Math.max(...delays)),
        streamPollMs: 100,
      },
    };
    console.log("");
    printTable(
      ["measure", "value"],
      [
        ["events delivered", `${received}/${EVENTS}`],
        ["events per second (deliverer)", result.throughput.eventsPerSecond],
        ["API answer -> receiver, p50 (ms)", result.delay.p50Ms],
        ["API answer -> receiver, p99 (ms)", result.delay.p99Ms],
        ["API answer -> receiver, max (ms)", result.delay.maxMs],
        ["client.created received", `${delays.length}/${CLIENTS}`],
      ],
    );
    console.log(`\nWritten to ${writeResult("webhooks", result)}`);
  } finally {
    server.close();
    server.closeAllConnections();
    receiver.server.close();
    receiver.server.closeAllConnections();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
