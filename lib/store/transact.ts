import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { db, tableName } from "./client";
import { TransactionConditionFailed } from "./errors";
import type { Key } from "./keys";

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** A condition on one item of a transaction, with the values and names it uses. */
export interface Condition {
  ConditionExpression: string;
  ExpressionAttributeValues?: Record<string, unknown>;
  ExpressionAttributeNames?: Record<string, string>;
}

/** The item must not exist yet. */
export const IS_NEW: Condition = { ConditionExpression: "attribute_not_exists(pk)" };

/** The item must still be at this version. */
export const atVersion = (version: number): Condition => ({
  ConditionExpression: "version = :expected",
  ExpressionAttributeValues: { ":expected": version },
});

/** Transaction items on the one table, so no caller repeats its name. */
export const tx = {
  put: (Item: Record<string, unknown>, condition?: Condition): TransactItem => ({
    Put: { TableName: tableName(), Item, ...condition },
  }),
  delete: (Key: Key, condition?: Condition): TransactItem => ({
    Delete: { TableName: tableName(), Key, ...condition },
  }),
  check: (Key: Key, condition: Condition): TransactItem => ({
    ConditionCheck: { TableName: tableName(), Key, ...condition },
  }),
  update: (Key: Key, UpdateExpression: string, condition?: Condition): TransactItem => ({
    Update: { TableName: tableName(), Key, UpdateExpression, ...condition },
  }),
};

/**
 * The same item, asking DynamoDB to return the item as it was when its condition fails
 * (TransactionConditionFailed.oldItem), so the caller learns why without reading it again.
 */
export function withOldItemOnFailure(item: TransactItem): TransactItem {
  const [operation, body] = Object.entries(item)[0]!;
  return { [operation]: { ...body, ReturnValuesOnConditionCheckFailure: "ALL_OLD" } } as TransactItem;
}

/** A transaction item whose failed condition is reported by this name. */
export interface NamedItem {
  name: string;
  item: TransactItem;
}

export const named = (name: string, item: TransactItem): NamedItem => ({ name, item });

const isNamed = (entry: TransactItem | NamedItem): entry is NamedItem => "name" in entry && "item" in entry;

type CancellationReasons = { CancellationReasons?: { Code?: string; Item?: Record<string, AttributeValue> }[] };

/**
 * Writes the items all or nothing. Throws TransactionConditionFailed when one
 * or more conditions failed; any other failure (including a conflict with a
 * concurrent transaction) is rethrown as the SDK reported it.
 */
export async function transactWrite(entries: (TransactItem | NamedItem)[]): Promise<void> {
  try {
    await db().send(
      new TransactWriteCommand({ TransactItems: entries.map((entry) => (isNamed(entry) ? entry.item : entry)) }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== "TransactionCanceledException") throw error;
    const reasons = (error as CancellationReasons).CancellationReasons ?? [];
    const failed = new Set<string>();
    const oldItems = new Map<string, Record<string, unknown>>();
    reasons.forEach((reason, i) => {
      if (reason.Code !== "ConditionalCheckFailed") return;
      const entry = entries[i];
      const name = entry && isNamed(entry) ? entry.name : "unnamed";
      failed.add(name);
      if (reason.Item && name !== "unnamed") oldItems.set(name, unmarshall(reason.Item));
    });
    if (failed.size === 0) throw error;
    throw new TransactionConditionFailed(failed, oldItems);
  }
}
