import type { Client } from "../../domain/client";
import { tableName } from "../client";
import { keys } from "../keys";
import { BROWSE_INDEXES, BROWSE_PARTITION_ATTRIBUTE } from "../table";
import type { TransactItem } from "../transact";
import { toAudienceMember, toClientSummary } from "./client-summary";
import { duplicateKeys, duplicateValues } from "./duplicate-keys";
import { searchTokens, sortableEmail, sortableText, tokenShelves } from "./text";

/**
 * The browse and search index entries of a client, kept in the same
 * transaction as every client write: given the client before and after a
 * write (null for none), the puts and deletes that bring the index along.
 * Only entries that change are written, so an edit of, say, the address
 * writes nothing here. `indexWrites(co, client, null)` deletes every entry,
 * those in the client's partition included, so a deleted client leaves the
 * lists in the same transaction that marks it.
 */
export function indexWrites(companyId: string, before: Client | null, after: Client | null): TransactItem[] {
  const old = byKey(before ? indexItems(companyId, before) : []);
  const next = byKey(after ? indexItems(companyId, after) : []);
  const writes: TransactItem[] = [];
  for (const [key, item] of old) {
    if (!next.has(key)) writes.push({ Delete: { TableName: tableName(), Key: { pk: item.pk, sk: item.sk } } });
  }
  for (const [key, item] of next) {
    const previous = old.get(key);
    if (!previous || JSON.stringify(previous) !== JSON.stringify(item)) {
      writes.push({ Put: { TableName: tableName(), Item: item } });
    }
  }
  return writes;
}

export type IndexItem = Record<string, unknown> & { pk: string; sk: string };

/**
 * Every index item of a live client:
 * - four browse entries (all clients; by status; by group; by group and
 *   status), each with the six sort values the browse GSIs are keyed by;
 * - one search token item per token, carrying the summary and all the
 *   client's tokens, so a search page needs no second read;
 * - one marketing audience item while the client is active and opted in;
 * - one duplicate entry per normalised email, E.164 phone and folded full
 *   name, carrying the summary and all three keys (see duplicate-keys.ts).
 */
export function indexItems(companyId: string, client: Client): IndexItem[] {
  const summary = toClientSummary(client);
  const sortValues = {
    [BROWSE_INDEXES.number.sortKey]: keys.browseSortValue(null, client.number),
    [BROWSE_INDEXES.firstName.sortKey]: keys.browseSortValue(sortableText(client.firstName), client.number),
    [BROWSE_INDEXES.lastName.sortKey]: keys.browseSortValue(sortableText(client.lastName), client.number),
    [BROWSE_INDEXES.company.sortKey]: keys.browseSortValue(sortableText(client.company), client.number),
    [BROWSE_INDEXES.email.sortKey]: keys.browseSortValue(sortableEmail(client.email), client.number),
    [BROWSE_INDEXES.createdAt.sortKey]: keys.browseSortValue(client.createdAt, client.number),
  };
  const { status, groupId } = client;
  const lists = { all: {}, status: { status }, group: { groupId }, "group-status": { groupId, status } };
  const browse = Object.entries(lists).map(([list, filter]) => ({
    ...keys.browseEntry(companyId, client.id, list),
    itemType: "browse-index",
    [BROWSE_PARTITION_ATTRIBUTE]: keys.browsePartition(companyId, filter),
    ...sortValues,
    ...summary,
  }));
  const tokens = searchTokens(client);
  const shelves = tokenShelves(tokens);
  const search = tokens.map((token) => ({
    ...keys.searchToken(companyId, shelves.get(token)!, token, client.id),
    itemType: "search-index",
    token,
    tokens,
    ...summary,
  }));
  const member = toAudienceMember(client);
  const audience = member
    ? [{ ...keys.marketingAudience(companyId, client.number, client.id), itemType: "audience-index", ...member }]
    : [];
  const duplicates = duplicateKeys(client);
  const duplicate = duplicateValues(duplicates).map(([kind, value]) => ({
    ...keys.duplicateEntry(companyId, kind, value, client.id),
    itemType: "duplicate-index",
    duplicateKeys: duplicates,
    ...summary,
  }));
  return [...browse, ...search, ...audience, ...duplicate];
}

function byKey(items: IndexItem[]): Map<string, IndexItem> {
  return new Map(items.map((item) => [`${item.pk}\n${item.sk}`, item]));
}
