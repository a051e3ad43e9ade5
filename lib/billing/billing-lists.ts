import { loadLiveClient } from "../clients/get-client";
import type { BillingKind } from "../domain/billing";
import { ID_PATTERN } from "../domain/ids";
import { badCursor, decodeCursor, encodeCursor } from "../paging/cursor";
import { billingRecordsQuery, queryBillingRecords } from "../store/billing-repository";
import { clientRecordKeys } from "../store/client-repository";
import type { FirstReadPlan } from "../store/request-reads";
import { recordView } from "./billing-views";

export interface ListRequest {
  companyId: string;
  clientId: string;
  kind: BillingKind;
  limit: number;
  cursor?: string;
}

/** One page of a client's records of one kind, newest first; the cursor only continues this very list. */
export async function listBillingRecords(request: ListRequest) {
  const { companyId, clientId, kind, limit } = request;
  // Before the reads start: a cursor refused with 400 must not leave a read behind whose failure no one awaits.
  const afterId = afterIdOf(request);
  // Side by side: the page is shown only when the client is live (404 otherwise).
  const [client, page] = await Promise.all([
    loadLiveClient(companyId, clientId),
    queryBillingRecords(companyId, clientId, kind, limit, afterId),
  ]);
  return {
    items: page.records.map((record) => recordView(kind, record, client.currency)),
    nextCursor: page.lastId ? encodeCursor({ after: page.lastId }, bindingOf(request)) : null,
  };
}

/** What listBillingRecords reads, for the caller lookup to start (lib/http/route.ts `FirstReads`). */
export function billingListReads(request: ListRequest): FirstReadPlan {
  const { companyId, clientId, kind, limit } = request;
  return {
    items: clientRecordKeys(companyId, clientId),
    queries: [billingRecordsQuery(companyId, clientId, kind, limit, afterIdOf(request))],
  };
}

const bindingOf = ({ companyId, clientId, kind }: ListRequest) => `billing|${kind}|${companyId}|${clientId}`;

const afterIdOf = (request: ListRequest) =>
  request.cursor === undefined ? undefined : lastIdOf(decodeCursor(request.cursor, bindingOf(request)));

function lastIdOf(position: Record<string, unknown>): string {
  const { after } = position;
  if (typeof after !== "string" || !ID_PATTERN.test(after)) throw badCursor();
  return after;
}
