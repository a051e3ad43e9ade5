import type { ReadCost } from "../store/read-cost";
import { queryTokenEntries, type TokenEntry } from "../store/search-repository";
import type { Page } from "./browse-clients";
import type { ClientSummary } from "./client-summary";
import { cursorAfter, positionOf } from "./page-cursor";
import { matchesAll, queryWords } from "./text";

/**
 * The most index entries one search page reads. A query whose words rarely
 * meet gets a short (even empty) page with a cursor rather than an unbounded
 * read: only a null `nextCursor` means the end.
 */
export const SEARCH_READ_BUDGET = 200;

/**
 * A page of the clients matching every word of the query. It reads the token
 * entries of one word (the longest: the likeliest to be rare) in key order,
 * and keeps a client when its other tokens, carried by each entry, match the
 * other words. A client appears once, at its smallest token matching that word.
 * The cursor continues the same company and query only.
 */
export async function searchClients(
  companyId: string,
  query: { q: string; limit: number; cursor?: string },
  cost?: ReadCost,
): Promise<Page<ClientSummary>> {
  const words = queryWords(query.q);
  if (words.length === 0) return { items: [], nextCursor: null };
  const binding = ["search", companyId, words.join(" ")].join("|");
  const driver = words.reduce((longest, word) => (word.length > longest.length ? word : longest));
  const others = words.filter((word) => word !== driver);

  let after = positionOf(query.cursor, binding);
  const found: ClientSummary[] = [];
  let read = 0;
  let exhausted = false;
  let unreadAhead = false;
  while (found.length < query.limit && !exhausted && read < SEARCH_READ_BUDGET) {
    const wanted = readAhead(query.limit - found.length + 1, read, found.length, others.length > 0);
    const batch = await queryTokenEntries(companyId, driver, after, Math.min(wanted, SEARCH_READ_BUDGET - read), cost);
    read += batch.entries.length;
    exhausted = batch.exhausted;
    for (const entry of batch.entries) {
      if (found.length === query.limit) {
        unreadAhead = true;
        break;
      }
      after = entry.sk;
      if (isClientsFirstMatch(entry, driver) && matchesAll(entry.tokens, others)) found.push(entry.summary);
    }
  }
  const more = unreadAhead || !exhausted;
  return { items: found, nextCursor: more ? cursorAfter(after ?? null, binding) : null };
}

/** How many entries to read for `needed` more results, given the share of entries kept so far. */
function readAhead(needed: number, read: number, kept: number, filtering: boolean): number {
  const keptShare = read === 0 ? (filtering ? 0.25 : 1) : Math.max(kept / read, 0.05);
  return Math.ceil(needed / keptShare);
}

/** A client has an entry per token; only the one for its smallest token with the prefix counts. */
function isClientsFirstMatch(entry: TokenEntry, prefix: string): boolean {
  const first = entry.tokens.filter((token) => token.startsWith(prefix)).sort()[0];
  return first === entry.token;
}
