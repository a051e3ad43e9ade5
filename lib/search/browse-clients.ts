import type { ClientStatus } from "../domain/client";
import { type BrowseRange, browseEntriesQuery, queryBrowseEntries } from "../store/browse-repository";
import type { BrowseSort, ClientSummary } from "../store/indexing/client-summary";
import type { ReadCost } from "../store/read-cost";
import { cursorAfter, positionAfter, readCursor } from "./page-cursor";

export interface BrowseQuery {
  status?: ClientStatus;
  groupId?: string;
  sort: BrowseSort;
  order: "asc" | "desc";
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A page of the company's clients under one filter and order: one Query of
 * `limit + 1` index entries, however many clients the company has. The
 * cursor only continues the same company, filter and order.
 */
export async function browseClients(
  companyId: string,
  query: BrowseQuery,
  cost?: ReadCost,
): Promise<Page<ClientSummary>> {
  const page = await queryBrowseEntries(companyId, browseRange(companyId, query), cost);
  return {
    items: page.summaries,
    nextCursor: page.more ? cursorAfter(page.lastSortValue, bindingOf(companyId, query)) : null,
  };
}

/** The Query browseClients makes, for the caller lookup to start (lib/http/route.ts `FirstReads`). */
export const browsePageQuery = (companyId: string, query: BrowseQuery) =>
  browseEntriesQuery(companyId, browseRange(companyId, query));

const bindingOf = (companyId: string, query: BrowseQuery) =>
  ["browse", companyId, query.status ?? "", query.groupId ?? "", query.sort, query.order].join("|");

function browseRange(companyId: string, query: BrowseQuery): BrowseRange {
  return {
    status: query.status,
    groupId: query.groupId,
    sort: query.sort,
    descending: query.order === "desc",
    after: readCursor(query.cursor, bindingOf(companyId, query), positionAfter())?.after,
    limit: query.limit,
  };
}
