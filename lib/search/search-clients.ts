import * as z from "zod";
import { onFirstUse } from "../domain/on-first-use";
import { badCursor, encodeCursor } from "../paging/cursor";
import type { ClientSummary } from "../store/indexing/client-summary";
import {
  firstMatch,
  MAX_TOKEN_LENGTH,
  matchesAll,
  queryWords,
  shelfOf,
  shelvesFor,
  TOKEN_SHELVES,
} from "../store/indexing/text";
import type { ReadCost } from "../store/read-cost";
import { queryTokenEntries, type TokenEntries, type TokenEntry } from "../store/search-repository";
import type { Page } from "./browse-clients";
import { afterKey, readCursor } from "./page-cursor";

/**
 * The index entries a search page reads to fill itself. Past it, a page that
 * holds at least one result is answered short, with a cursor.
 */
export const SEARCH_READ_BUDGET = 200;
/**
 * A page with no result yet reads on past the budget, this many entries per
 * Query, until it finds one or the word's entries end: a person reads an
 * empty page as "no results", so a page is empty only at the end.
 */
export const EMPTY_PAGE_STEP = 1000;
/**
 * The one bound on that reading: well inside the functions' 10 s timeout. Only
 * a company far larger than any measured (bench/README.md) could reach it; its
 * page is then empty with a cursor rather than a timeout.
 */
const EMPTY_PAGE_DEADLINE_MS = 5000;
/** A query of several words samples this many of them (the longest) to choose the one to read... */
const MAX_SAMPLED_WORDS = 3;
/** ...reading this many entries of each: enough to tell a common word from a rare one. */
const SAMPLE_SIZE = 10;

const searchPosition = onFirstUse(() =>
  z.strictObject({
    word: z.string().min(1).max(MAX_TOKEN_LENGTH),
    shelf: z
      .number()
      .int()
      .min(0)
      .max(TOKEN_SHELVES - 1),
    after: afterKey().optional(),
    share: z.number().min(0).max(1),
  }),
);

/** Where a search reads: a word's shelf, after an entry, with the first entries perhaps already read. */
interface ReadPlan {
  word: string;
  shelf: number;
  after?: string;
  sampled: TokenEntries | null;
  /** Entries read to make the plan. */
  read: number;
  /** The share of the word's entries expected to be kept: how far to read ahead. */
  share: number;
}

/**
 * A page of the clients matching every word of the query. It reads the token
 * entries of one word in key order, shelf by shelf (lib/store/indexing/text.ts), and
 * keeps a client when its tokens, which every entry carries, match the other
 * words too. A client appears once, at its smallest token starting with that
 * word. A page may be short (the read budget), but it is empty only when no
 * result remains. The cursor continues the same company and query only.
 */
export async function searchClients(
  companyId: string,
  query: { q: string; limit: number; cursor?: string },
  cost?: ReadCost,
): Promise<Page<ClientSummary>> {
  const words = queryWords(query.q);
  if (words.length === 0) return { items: [], nextCursor: null };
  const binding = ["search", companyId, words.join(" ")].join("|");
  const position = readCursor(query.cursor, binding, searchPosition());
  if (position && !words.includes(position.word)) throw badCursor();
  const plan: ReadPlan = position ? { ...position, sampled: null, read: 0 } : await planRead(companyId, words, cost);
  const { word } = plan;
  const shelves = shelvesFor(word);
  const keep = keeper(word, words);

  const found: ClientSummary[] = [];
  let { shelf, after, sampled: batch, read } = plan;
  let consumed = 0;
  let unreadAhead = false;
  const deadline = Date.now() + EMPTY_PAGE_DEADLINE_MS;
  while (found.length < query.limit && shelf < shelves) {
    if (!batch) {
      const overBudget = read >= SEARCH_READ_BUDGET;
      if (overBudget && (found.length > 0 || Date.now() > deadline)) break;
      const wanted = Math.ceil((query.limit - found.length + 1) / keptShare(found.length, consumed, plan.share));
      const limit = overBudget ? EMPTY_PAGE_STEP : Math.min(wanted, SEARCH_READ_BUDGET - read);
      batch = await queryTokenEntries(companyId, shelfOf(word, shelf), word, after, limit, cost);
      read += batch.entries.length;
    }
    for (const entry of batch.entries) {
      if (found.length === query.limit) {
        unreadAhead = true;
        break;
      }
      after = entry.sk;
      consumed += 1;
      if (keep(entry)) found.push(entry.summary);
    }
    if (!unreadAhead && batch.exhausted) {
      shelf += 1;
      after = undefined;
    }
    batch = null;
  }
  const more = unreadAhead || shelf < shelves;
  const share = Math.round(keptShare(found.length, consumed, plan.share) * 1000) / 1000;
  return {
    items: found,
    nextCursor: more ? encodeCursor({ word, shelf, ...(after === undefined ? {} : { after }), share }, binding) : null,
  };
}

/**
 * Which word to read: one word is read; of several, the first entries of the
 * longest few are read side by side. A word whose first shelf fits there is
 * taken as the rarest; otherwise the word whose entries kept the largest
 * share of results is read on, as it fills a page with the fewest reads (the
 * share is the inverse of how common the word is among the matches).
 */
async function planRead(companyId: string, words: string[], cost?: ReadCost): Promise<ReadPlan> {
  if (words.length === 1) return { word: words[0]!, shelf: 0, sampled: null, read: 0, share: 1 };
  const candidates = [...words].sort((a, b) => b.length - a.length).slice(0, MAX_SAMPLED_WORDS);
  const samples = await Promise.all(
    candidates.map(async (word) => {
      const sampled = await queryTokenEntries(companyId, shelfOf(word, 0), word, undefined, SAMPLE_SIZE, cost);
      const kept = sampled.entries.filter(keeper(word, words)).length;
      return { word, sampled, keptShare: kept / Math.max(1, sampled.entries.length) };
    }),
  );
  const rank = (s: (typeof samples)[number]) =>
    s.sampled.exhausted ? 2 + 1 / (1 + s.sampled.entries.length) : s.keptShare;
  const best = samples.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  const read = samples.reduce((sum, s) => sum + s.sampled.entries.length, 0);
  return { word: best.word, shelf: 0, sampled: best.sampled, read, share: best.keptShare };
}

/** Keeps an entry of `word` when it is its client's first entry for the word and the client matches every word. */
function keeper(word: string, words: string[]): (entry: TokenEntry) => boolean {
  const others = words.filter((other) => other !== word);
  return (entry) => firstMatch(entry.tokens, word) === entry.token && matchesAll(entry.tokens, others);
}

/**
 * The share of entries kept, to size the next read: what this page has seen
 * once it has seen a few, else what the sample or the previous page saw. Never
 * below 5%, so one read stays within the budget's reach.
 */
function keptShare(kept: number, consumed: number, expected: number): number {
  return Math.max(consumed >= 10 ? kept / consumed : expected, 0.05);
}
