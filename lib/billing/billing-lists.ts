import { loadLiveClient } from "../clients/get-client";
import type { BillingKind } from "../domain/billing";
import { ID_PATTERN } from "../domain/ids";
import { badCursor, decodeCursor, encodeCursor } from "../paging/cursor";
import { queryBillingRecords } from "../store/billing-repository";
import { recordView } from "./billing-views";

export interface ListRequest {
  companyId: string;
  clientId: string;
  kind: BillingKind;
  limit: number;
  cursor?: string;
}

/** One page of a client's records of one kind, newest first; the cursor only continues this very list. */
export async function listBillingRecords({ companyId, clientId, kind, limit, cursor }: ListRequest) {
  const binding = `billing|${kind}|${companyId}|${clientId}`;
  const afterId = cursor === undefined ? undefined : lastIdOf(decodeCursor(cursor, binding));
  // Side by side: the page is shown only when the client is live (404 otherwise).
  const [client, page] = await Promise.all([
    loadLiveClient(companyId, clientId),
    queryBillingRecords(companyId, clientId, kind, limit, afterId),
  ]);
  return {
    items: page.records.map((record) => recordView(kind, record, client.currency)),
    nextCursor: page.lastId ? encodeCursor({ after: page.lastId }, binding) : null,
  };
}

function lastIdOf(position: Record<string, unknown>): string {
  const { after } = position;
  if (typeof after !== "string" || !ID_PATTERN.test(after)) throw badCursor();
  return after;
}
