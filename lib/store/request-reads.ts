import { AsyncLocalStorage } from "node:async_hooks";
import type { Key } from "./keys";

/*
 * Items the caller lookup (lib/access/caller.ts) read for the request being
 * answered, handed to the route's first read of the same item: `GET /v1/me`
 * reads the client the lookup just read, `GET /v1/company` the company whose
 * MFA rule it read. Taken once, so a read after the route's own write goes to
 * the table; scoped to one request (async-local), so requests answered side
 * by side in one process never share them. What is kept is the table's item
 * under its own key: whichever token asked for it, it is what a read would
 * return (a few milliseconds earlier).
 */
interface KeptItem {
  item: Record<string, unknown> | undefined;
  consistent: boolean;
}

const current = new AsyncLocalStorage<Map<string, KeptItem>>();
const keyOf = ({ pk, sk }: Key) => `${pk}\u0000${sk}`;

/** Runs one request's work with its own (empty) set of kept reads. */
export function withRequestReads<T>(work: () => T): T {
  return current.run(new Map(), work);
}

/** Keeps an item read for the caller lookup (undefined: there is none) for the rest of the request. */
export function keepForRequest(key: Key, item: Record<string, unknown> | undefined, consistent: boolean): void {
  current.getStore()?.set(keyOf(key), { item, consistent });
}

/** The item kept for this request under `key`, once; none when a strongly consistent read is asked of an eventual one. */
export function takeKeptRead(key: Key, consistent: boolean): KeptItem | undefined {
  const reads = current.getStore();
  const kept = reads?.get(keyOf(key));
  if (!kept || (consistent && !kept.consistent)) return undefined;
  reads!.delete(keyOf(key));
  return kept;
}
