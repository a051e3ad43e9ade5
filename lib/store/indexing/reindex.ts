import { BatchGetCommand, ScanCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../client";
import { getClientRecord, type StoredClient } from "../client-repository";
import { isConditionFailure } from "../errors";
import { fromItem } from "../items";
import { keys } from "../keys";
import type { TransactItem } from "../transact";
import { type IndexItem, indexItems } from "./index-entries";

/**
 * Rebuilds the browse, search and audience entries of every client from the
 * client items, for a table made before the entries existed or after a change
 * to what decides them (the tokenizer, the sort values, the summary). An
 * operator's tool: it scans the whole table, which no API function may do.
 *
 * Two passes, each resumable from its checkpoint: `entries` writes every
 * client's missing or outdated entries; `stale` deletes entries that no live
 * client would have. Each write is a transaction guarded by the client's
 * version, so a client edited meanwhile (whose own transaction kept its
 * entries) is read again rather than overwritten with what was read before.
 */
export interface ReindexCheckpoint {
  phase: "entries" | "stale" | "done";
  /** Where the scan of the current phase stopped. */
  lastKey?: Record<string, unknown>;
  clients: number;
  written: number;
  deleted: number;
}

export const INDEX_ITEM_TYPES = ["browse-index", "search-index", "audience-index"] as const;

const START: ReindexCheckpoint = { phase: "entries", clients: 0, written: 0, deleted: 0 };
const MAX_ATTEMPTS = 5;

export async function reindex(
  from: ReindexCheckpoint = START,
  onPage: (checkpoint: ReindexCheckpoint) => void | Promise<void> = () => {},
  /** Only this company's clients and entries; every company's when absent. */
  companyId?: string,
): Promise<ReindexCheckpoint> {
  let checkpoint = { ...from };
  while (checkpoint.phase !== "done") {
    const page = await scanPage(checkpoint, companyId);
    if (checkpoint.phase === "entries") {
      for (const item of page.items) {
        checkpoint.written += await refreshEntries(fromItem<StoredClient>(item));
        checkpoint.clients++;
      }
    } else {
      for (const item of page.items) checkpoint.deleted += await removeIfStale(item as IndexItem);
    }
    checkpoint = page.lastKey
      ? { ...checkpoint, lastKey: page.lastKey }
      : { ...checkpoint, phase: checkpoint.phase === "entries" ? "stale" : "done", lastKey: undefined };
    await onPage(checkpoint);
  }
  return checkpoint;
}

async function scanPage(checkpoint: ReindexCheckpoint, companyId: string | undefined) {
  const types = checkpoint.phase === "entries" ? ["client"] : [...INDEX_ITEM_TYPES];
  const inCompany = companyId ? " AND begins_with(pk, :company)" : "";
  const { Items, LastEvaluatedKey } = await db().send(
    new ScanCommand({
      TableName: tableName(),
      FilterExpression: `itemType IN (${types.map((_, i) => `:t${i}`).join(", ")})${inCompany}`,
      ExpressionAttributeValues: {
        ...Object.fromEntries(types.map((t, i) => [`:t${i}`, t])),
        ...(companyId ? { ":company": `${keys.company(companyId).pk}#` } : {}),
      },
      ExclusiveStartKey: checkpoint.lastKey,
      Limit: 200,
    }),
  );
  return { items: Items ?? [], lastKey: LastEvaluatedKey };
}

const isLive = (client: StoredClient | null): client is StoredClient =>
  client !== null && !client.pending && !client.deleting;

/** Writes the entries of one client that are missing or differ; the number written. */
async function refreshEntries(read: StoredClient): Promise<number> {
  let client: StoredClient | null = read;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (!isLive(client)) return 0;
    const expected = indexItems(client.companyId, client);
    const stored = await storedItems(expected);
    const puts = expected.filter((item) => canonical(stored.get(keyOf(item))) !== canonical(item));
    if (puts.length === 0) return 0;
    const written = await guarded(
      client,
      puts.map((Item) => ({ Put: { TableName: tableName(), Item } })),
    );
    if (written) return puts.length;
    client = await getClientRecord(client.companyId, client.id);
  }
  throw new Error(`client ${read.id} kept changing while it was reindexed; run the reindex again`);
}

/** Deletes one index entry unless its client, as stored now, would have it; 1 when deleted. */
async function removeIfStale(entry: IndexItem): Promise<number> {
  const owner = ownerOf(entry);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const client = await getClientRecord(owner.companyId, owner.clientId);
    if (isLive(client) && indexItems(client.companyId, client).some((item) => keyOf(item) === keyOf(entry))) return 0;
    const remove: TransactItem = { Delete: { TableName: tableName(), Key: { pk: entry.pk, sk: entry.sk } } };
    if (await guarded(client, [remove], owner)) return 1;
  }
  throw new Error(`the client of index entry ${entry.pk} ${entry.sk} kept changing; run the reindex again`);
}

/** Runs the writes only while the client is as read (or still absent); false when it changed meanwhile. */
async function guarded(
  client: StoredClient | null,
  writes: TransactItem[],
  owner = client ? { companyId: client.companyId, clientId: client.id } : undefined,
): Promise<boolean> {
  if (!owner) throw new Error("a guarded write needs its client");
  const check: TransactItem = {
    ConditionCheck: {
      TableName: tableName(),
      Key: keys.client(owner.companyId, owner.clientId),
      ...(client
        ? { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": client.version } }
        : { ConditionExpression: "attribute_not_exists(pk)" }),
    },
  };
  try {
    await db().send(new TransactWriteCommand({ TransactItems: [check, ...writes] }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function storedItems(items: IndexItem[]): Promise<Map<string, Record<string, unknown>>> {
  const stored = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < items.length; i += 100) {
    const Keys = items.slice(i, i + 100).map(({ pk, sk }) => ({ pk, sk }));
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [tableName()]: { Keys } };
    while (request && Object.keys(request).length > 0) {
      const page = await db().send(new BatchGetCommand({ RequestItems: request }));
      for (const item of page.Responses?.[tableName()] ?? []) stored.set(keyOf(item as IndexItem), item);
      request = page.UnprocessedKeys as typeof request;
    }
  }
  return stored;
}

/** The company and client an index entry belongs to: entries carry the client's summary (`id`) or audience member (`clientId`). */
function ownerOf(entry: IndexItem): { companyId: string; clientId: string } {
  const companyId = entry.pk.split("#")[1] ?? "";
  const clientId = String(entry.id ?? entry.clientId ?? "");
  return { companyId, clientId };
}

/** Attribute order is not kept by DynamoDB: compare items with their keys sorted, at every depth. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

const keyOf = (item: { pk: string; sk: string }) => `${item.pk}\n${item.sk}`;
