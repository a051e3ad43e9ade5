import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { HistoryEvent } from "../domain/history";
import { db, tableName } from "./client";
import { fromItem, toItem } from "./items";
import { keys } from "./keys";
import { type TransactItem, tx } from "./transact";

/** A history event, written in the transaction of the change it records. */
export const historyPut = (companyId: string, clientId: string, event: HistoryEvent): TransactItem =>
  tx.put(toItem(keys.clientHistory(companyId, clientId, event.at, event.id), "history", event));

export interface HistoryPage {
  events: HistoryEvent[];
  lastKey: Record<string, unknown> | undefined;
}

/** The client's history, newest first. */
export async function queryHistory(
  companyId: string,
  clientId: string,
  limit: number,
  startKey?: Record<string, unknown>,
): Promise<HistoryPage> {
  const { pk, skPrefix } = keys.clientHistoryPrefix(companyId, clientId);
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": pk, ":prefix": skPrefix },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return { events: (page.Items ?? []).map((item) => fromItem<HistoryEvent>(item)), lastKey: page.LastEvaluatedKey };
}
