import { TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "./client";
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
};

export function transactWrite(TransactItems: TransactItem[]) {
  return db().send(new TransactWriteCommand({ TransactItems }));
}
