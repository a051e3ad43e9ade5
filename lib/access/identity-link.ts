import { TtlCache } from "../cache/ttl-cache";
import { findIdentity, type IdentityRecord } from "../store/identity-repository";
import { ACCESS_CACHE_MS } from "./client-access";

const cache = new TtlCache<IdentityRecord | null>(ACCESS_CACHE_MS);

/** The company and the client or staff record a Cognito subject is linked to, from the table only. */
export function linkedIdentity(userPoolId: string, sub: string): Promise<IdentityRecord | null> {
  return cache.get(`${userPoolId}/${sub}`, () => findIdentity(userPoolId, sub));
}
