import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "./client";
import { isExpired } from "./items";
import type { Key } from "./keys";
import { batchGetItems } from "./operations";

interface Asked {
  key: Key;
  resolve: (item: Record<string, unknown> | undefined) => void;
  reject: (error: unknown) => void;
}

const idOf = ({ pk, sk }: { pk: unknown; sk: unknown }) => `${String(pk)}\u0000${String(sk)}`;

/**
 * Reads asked for in the same turn (before the microtasks queued with the
 * first of them run) go out as one strongly consistent BatchGetItem: one
 * request, one connection, one signature, which a fresh process pays for per
 * request (the caller lookup's identity item, member and company). A single
 * read is a plain GetItem. An item absent or past its TTL reads as undefined.
 */
export class ItemBatch {
  private asked: Asked[] = [];

  get(key: Key): Promise<Record<string, unknown> | undefined> {
    if (this.asked.length === 0) queueMicrotask(() => void this.send());
    return new Promise((resolve, reject) => this.asked.push({ key, resolve, reject }));
  }

  private async send(): Promise<void> {
    const asked = this.asked;
    this.asked = [];
    try {
      const found = new Map(
        (await readAll(asked.map((a) => a.key))).map((item) => [idOf({ pk: item.pk, sk: item.sk }), item]),
      );
      for (const { key, resolve } of asked) resolve(found.get(idOf(key)));
    } catch (error) {
      for (const { reject } of asked) reject(error);
    }
  }
}

async function readAll(itemKeys: Key[]): Promise<Record<string, unknown>[]> {
  const unique = [...new Map(itemKeys.map((key) => [idOf(key), key])).values()];
  if (unique.length > 1) return batchGetItems(unique, true);
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: unique[0], ConsistentRead: true }));
  return Item && !isExpired(Item) ? [Item] : [];
}
