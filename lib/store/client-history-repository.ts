import type { HistoryEvent } from "../domain/history";
import { fromItem, toItem } from "./items";
import { keys } from "./keys";
import { prefixQuery, queryPage } from "./operations";
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
  const page = await queryPage({
    ...prefixQuery(pk, skPrefix),
    ScanIndexForward: false,
    Limit: limit,
    ExclusiveStartKey: startKey,
  });
  return { events: (page.Items ?? []).map((item) => fromItem<HistoryEvent>(item)), lastKey: page.LastEvaluatedKey };
}
