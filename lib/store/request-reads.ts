import { AsyncLocalStorage } from "node:async_hooks";
import type { Key } from "./keys";
import type { TableQuery } from "./operations";

/*
 * Reads the caller lookup (lib/access/caller.ts) made for the request being
 * answered, handed to the route's first read of the same item or query:
 * `GET /v1/me` reads the client the lookup just read, `GET /v1/company` the
 * company whose MFA rule it read, `GET /v1/clients` the first page of the list
 * the lookup started beside its own reads. Taken once, so a read after the
 * route's own write goes to the table; scoped to one request (async-local), so
 * requests answered side by side in one process never share them. What is
 * kept is the table's answer to its own key or query input: whichever token
 * asked for it, it is what a read of the same key or input would return (a few
 * milliseconds earlier), and a route builds its key or input from the verified
 * caller's company only.
 */
/** What a request reads first, started with the caller lookup: items by key, and the first page of queries. */
export interface FirstReadPlan {
  items?: Key[];
  queries?: TableQuery[];
}

interface KeptItem {
  item: Record<string, unknown> | undefined;
  consistent: boolean;
}

interface KeptReads {
  items: Map<string, KeptItem>;
  /** By the query's input as JSON: the same builder makes the same string. */
  queries: Map<string, Promise<unknown>>;
}

const current = new AsyncLocalStorage<KeptReads>();
const keyOf = ({ pk, sk }: Key) => `${pk}\u0000${sk}`;

/** Runs one request's work with its own (empty) set of kept reads. */
export function withRequestReads<T>(work: () => T): T {
  return current.run({ items: new Map(), queries: new Map() }, work);
}

/** Keeps an item read for the caller lookup (undefined: there is none) for the rest of the request. */
export function keepForRequest(key: Key, item: Record<string, unknown> | undefined, consistent: boolean): void {
  current.getStore()?.items.set(keyOf(key), { item, consistent });
}

/** The item kept for this request under `key`, once; none when a strongly consistent read is asked of an eventual one. */
export function takeKeptRead(key: Key, consistent: boolean): KeptItem | undefined {
  const items = current.getStore()?.items;
  const kept = items?.get(keyOf(key));
  if (!kept || (consistent && !kept.consistent)) return undefined;
  items?.delete(keyOf(key));
  return kept;
}

/** Keeps a query page started for the caller lookup, under its whole input, for the rest of the request. */
export function keepQueryForRequest(input: object, page: Promise<unknown>): void {
  current.getStore()?.queries.set(JSON.stringify(input), page);
}

/** The page started for this request with exactly this input, once. */
export function takeKeptQuery(input: object): Promise<unknown> | undefined {
  const queries = current.getStore()?.queries;
  const key = JSON.stringify(input);
  const kept = queries?.get(key);
  queries?.delete(key);
  return kept;
}
