import { loadLiveClient } from "../clients/get-client";
import type { BillingKind } from "../domain/billing";
import { queryBillingRecords } from "../store/billing-repository";
import { decodeCursor, encodeCursor } from "./billing-cursor";
import { recordView } from "./billing-views";

export interface ListRequest {
  companyId: string;
  clientId: string;
  kind: BillingKind;
  limit: number;
  cursor?: string;
}

/** One page of a client's records of one kind, newest first: `{items, nextCursor}`. */
export async function listBillingRecords({ companyId, clientId, kind, limit, cursor }: ListRequest) {
  const scope = { companyId, clientId, kind };
  const afterId = cursor === undefined ? undefined : decodeCursor(scope, cursor);
  const client = await loadLiveClient(companyId, clientId);
  const page = await queryBillingRecords(companyId, clientId, kind, limit, afterId);
  return {
    items: page.records.map((record) => recordView(kind, record, client.currency)),
    nextCursor: page.lastId ? encodeCursor(scope, page.lastId) : null,
  };
}
