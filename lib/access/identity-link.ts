import { type CacheRead, TtlCache } from "../cache/ttl-cache";
import { findIdentity, type IdentityRecord } from "../store/identity-repository";
import type { ItemBatch } from "../store/item-batch";
import { ACCESS_CACHE_MS } from "./client-access";

const cache = new TtlCache<IdentityRecord | null>(ACCESS_CACHE_MS);

/** The company and the client or staff record a Cognito subject is linked to, from the table only. */
export function readLinkedIdentity(
  userPoolId: string,
  sub: string,
  together?: ItemBatch,
): Promise<CacheRead<IdentityRecord | null>> {
  return cache.read(`${userPoolId}/${sub}`, () => findIdentity(userPoolId, sub, { together }));
}
