import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "./client";
import { isConditionFailure } from "./errors";
import type { ItemBatch } from "./item-batch";
import { fromItem, isExpired } from "./items";
import type { Key } from "./keys";
import { keepForRequest, keepQueryForRequest, takeKeptQuery, takeKeptRead } from "./request-reads";

const BATCH_GET_LIMIT = 100;
const BATCH_WRITE_LIMIT = 25;
const BATCH_ATTEMPTS = 8;

/**
 * For the caller lookup's reads: `keepForRequest` hands the item to the request's next read of it
 * (request-reads.ts); `together` sends it in one request with the lookup's other reads (item-batch.ts).
 */
export interface ReadOptions {
  keepForRequest?: boolean;
  together?: ItemBatch;
}

/** One entity by key; null when absent or past its TTL. */
export async function getEntity<T>(key: Key, consistent = false, options: ReadOptions = {}): Promise<T | null> {
  const Item = await getItem(key, consistent, options);
  return Item && !isExpired(Item) ? fromItem<T>(Item) : null;
}

/** The item by key as stored (past its TTL too), or what the caller lookup kept of it for this request. */
export async function getItem(
  key: Key,
  consistent: boolean,
  options: ReadOptions = {},
): Promise<Record<string, unknown> | undefined> {
  const kept = takeKeptRead(key, consistent);
  if (kept) return kept.item;
  const { together } = options;
  const Item = together
    ? await together.get(key)
    : (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: consistent }))).Item;
  // A batch reads strongly consistently, whatever was asked.
  if (options.keepForRequest) keepForRequest(key, Item, consistent || together !== undefined);
  return Item;
}

/** A Query on the table, as a repository builds it (`TableName` is filled in when sent). */
export type TableQuery = Omit<QueryCommandInput, "TableName">;

const sendQuery = (input: TableQuery) => db().send(new QueryCommand({ ...input, TableName: tableName() }));

/** One page of a Query; the page the caller lookup started with this very input, when it did (and it succeeded). */
export async function queryPage(input: TableQuery): Promise<QueryCommandOutput> {
  const kept = takeKeptQuery(input) as Promise<QueryCommandOutput> | undefined;
  if (kept) {
    try {
      return await kept;
    } catch {
      // Read again as if nothing had been started: the route's own read decides what fails.
    }
  }
  return sendQuery(input);
}

/** Starts a page for the caller lookup and keeps it for the request, where `queryPage` of the same input takes it. */
export function startQueryForRequest(input: TableQuery): void {
  const page = sendQuery(input);
  // Not awaited unless a route takes it: its failure must not surface as an unhandled rejection.
  page.catch(() => undefined);
  keepQueryForRequest(input, page);
}

/** The items of a Query on the table, page after page until the last. */
export async function* queryPages(
  input: Omit<TableQuery, "ExclusiveStartKey">,
): AsyncGenerator<Record<string, unknown>[]> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await queryPage(ExclusiveStartKey ? { ...input, ExclusiveStartKey } : input);
    yield page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** The Query of every item of a partition whose sort key starts with `prefix`. */
export const prefixQuery = (pk: string, prefix: string): TableQuery => ({
  KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
  ExpressionAttributeValues: { ":pk": pk, ":prefix": prefix },
});

/** Every entity of a partition whose sort key starts with `prefix`, following pages (for small collections). */
export async function queryAllByPrefix<T>(pk: string, prefix: string): Promise<T[]> {
  const entities: T[] = [];
  for await (const items of queryPages(prefixQuery(pk, prefix))) {
    entities.push(...items.map((item) => fromItem<T>(item)));
  }
  return entities;
}

/** Runs a conditional write: true when it was applied, false when its condition (or a transaction item's) failed. */
export async function conditionalWrite(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Puts a new item (`expectedVersion` undefined) or replaces one still at
 * `expectedVersion`; false when that condition fails (a lost race).
 */
export function putVersioned(item: Record<string, unknown>, expectedVersion?: number): Promise<boolean> {
  return conditionalWrite(
    db().send(
      new PutCommand({
        TableName: tableName(),
        Item: item,
        ...(expectedVersion === undefined
          ? { ConditionExpression: "attribute_not_exists(pk)" }
          : { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": expectedVersion } }),
      }),
    ),
  );
}

/**
 * The items at these keys that exist and have not expired, in no particular
 * order: BatchGet 100 keys at a time, asking again for what DynamoDB left
 * unprocessed (with a growing pause, a bounded number of times).
 */
export async function batchGetItems(itemKeys: Key[], consistent = false): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < itemKeys.length; start += BATCH_GET_LIMIT) {
    let Keys: Record<string, unknown>[] = itemKeys.slice(start, start + BATCH_GET_LIMIT).map((key) => ({ ...key }));
    for (let attempt = 1; Keys.length > 0; attempt++) {
      if (attempt > BATCH_ATTEMPTS) throw new Error("DynamoDB kept some reads unprocessed; try again");
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const page = await db().send(
        new BatchGetCommand({ RequestItems: { [tableName()]: { Keys, ConsistentRead: consistent } } }),
      );
      found.push(...(page.Responses?.[tableName()] ?? []).filter((item) => !isExpired(item)));
      Keys = (page.UnprocessedKeys?.[tableName()]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}

export type WriteRequest = NonNullable<BatchWriteCommandInput["RequestItems"]>[string][number];

/**
 * Sends the writes (not atomically: each stands alone) in BatchWriteItems of 25, sending again what DynamoDB
 * left unprocessed (with a growing pause, a bounded number of times); `stuck` says what failed after that.
 */
export async function batchWriteAll(requests: WriteRequest[], stuck: string): Promise<void> {
  for (let start = 0; start < requests.length; start += BATCH_WRITE_LIMIT) {
    let batch = requests.slice(start, start + BATCH_WRITE_LIMIT);
    for (let attempt = 1; batch.length > 0; attempt++) {
      if (attempt > BATCH_ATTEMPTS) throw new Error(stuck);
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const { UnprocessedItems } = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: batch } }));
      batch = UnprocessedItems?.[tableName()] ?? [];
    }
  }
}
