import type { ClientStatus } from "../domain/client";
import { queryBrowseEntries } from "../store/browse-repository";
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
  const binding = ["browse", companyId, query.status ?? "", query.groupId ?? "", query.sort, query.order].join("|");
  const page = await queryBrowseEntries(
    companyId,
    {
      status: query.status,
      groupId: query.groupId,
      sort: query.sort,
      descending: query.order === "desc",
      after: readCursor(query.cursor, binding, positionAfter)?.after,
      limit: query.limit,
    },
    cost,
  );
  return { items: page.summaries, nextCursor: page.more ? cursorAfter(page.lastSortValue, binding) : null };
}
