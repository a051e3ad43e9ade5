import type { HistoryEvent } from "../domain/history";
import { badCursor, decodeCursor, encodeCursor } from "../paging/cursor";
import { queryHistory } from "../store/client-history-repository";
import { keys } from "../store/keys";
import { loadLiveClient } from "./get-client";

export interface HistoryList {
  items: HistoryEvent[];
  nextCursor: string | null;
}

/** A page of the client's history, newest first; the cursor only continues this client's list. */
export async function listClientHistory(
  companyId: string,
  clientId: string,
  limit: number,
  cursor: string | undefined,
): Promise<HistoryList> {
  await loadLiveClient(companyId, clientId);
  const binding = `client-history|${companyId}|${clientId}`;
  const after = cursor === undefined ? undefined : positionOf(decodeCursor(cursor, binding));
  const startKey = after && { ...keys.clientHistory(companyId, clientId, after.at, after.id) };
  // One more than asked tells whether another page exists, so the last page has no cursor.
  const page = await queryHistory(companyId, clientId, limit + 1, startKey);
  const items = page.events.slice(0, limit);
  const last = items.at(-1);
  const more = page.events.length > limit || page.lastKey !== undefined;
  return { items, nextCursor: more && last ? encodeCursor({ at: last.at, id: last.id }, binding) : null };
}

function positionOf(position: Record<string, unknown>): { at: string; id: string } {
  const { at, id } = position;
  if (typeof at !== "string" || typeof id !== "string") throw badCursor();
  return { at, id };
}
