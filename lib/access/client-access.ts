import { type CacheRead, TtlCache } from "../cache/ttl-cache";
import { type ClientAccess, getClientAccess } from "../store/client-repository";
import type { ItemBatch } from "../store/item-batch";

/**
 * How long a Lambda instance trusts what it read about a client's status. A
 * status change or ended sessions reach every instance within this bound (the
 * read itself is strongly consistent); the instance that made the change
 * forgets its entry at once. api.md promises 10 s.
 */
export const ACCESS_CACHE_MS = 5_000;

const cache = new TtlCache<ClientAccess | null>(ACCESS_CACHE_MS);
const keyOf = (companyId: string, clientId: string) => `${companyId}/${clientId}`;

/** What decides whether the client's tokens are honoured; a fresh read keeps the client item for the request's route. */
export function readClientAccess(
  companyId: string,
  clientId: string,
  together?: ItemBatch,
): Promise<CacheRead<ClientAccess | null>> {
  return cache.read(keyOf(companyId, clientId), () =>
    getClientAccess(companyId, clientId, { keepForRequest: true, together }),
  );
}

/**
 * Whether a client token, authenticated at `authTime` (epoch seconds), may
 * still be used: the client exists, is active, and its sessions were not
 * ended after the token's sign-in. Same-second sign-ins survive a cut-off,
 * as tokens carry whole seconds.
 */
export function clientMayUseApi(access: ClientAccess | null, authTime: number): boolean {
  if (access?.status !== "active") return false;
  return access.sessionsNotBefore === undefined || authTime >= access.sessionsNotBefore;
}

/** Called after a change to the client's status or sessions, so this instance sees it at once. */
export function forgetClientAccess(companyId: string, clientId: string): void {
  cache.forget(keyOf(companyId, clientId));
}
