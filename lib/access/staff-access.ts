import { type CacheRead, TtlCache } from "../cache/ttl-cache";
import type { StaffMember } from "../domain/staff";
import { getCompany } from "../store/company-repository";
import type { ItemBatch } from "../store/item-batch";
import { isMfaSignIn } from "../store/mfa-sign-in-repository";
import { getStaffMember } from "../store/staff-repository";
import type { SignInRef } from "./caller";
import { ACCESS_CACHE_MS } from "./client-access";

/** A staff member's record as this instance last read it, for at most ACCESS_CACHE_MS. */
const cache = new TtlCache<StaffMember | null>(ACCESS_CACHE_MS);
const keyOf = (companyId: string, staffId: string) => `${companyId}/${staffId}`;

/** A fresh read keeps the member's item for the request's route (`GET /v1/staff/me` reads it next). */
export function readStaffRecord(
  companyId: string,
  staffId: string,
  together?: ItemBatch,
): Promise<CacheRead<StaffMember | null>> {
  return cache.read(keyOf(companyId, staffId), () =>
    getStaffMember(companyId, staffId, { keepForRequest: true, together }),
  );
}

/** Called after a change to the member's role, status or sessions, so this instance sees it at once. */
export function forgetStaffAccess(companyId: string, staffId: string): void {
  cache.forget(keyOf(companyId, staffId));
}

/**
 * Whether the member may have MFA on, as far as this instance knows without reading: the caller lookup
 * asks whether the token's sign-in passed our MFA step beside the member's record only when it may.
 */
export function mayHaveMfa(companyId: string, staffId: string): boolean {
  return cache.peek(keyOf(companyId, staffId))?.mfaEnabled !== false;
}

const vouchCache = new TtlCache<boolean>(ACCESS_CACHE_MS);

/** Whether our MFA step let this sign-in of the member through; only a yes is worth caching. */
export async function readMfaVouch(
  companyId: string,
  staffId: string,
  signIn: SignInRef,
  together?: ItemBatch,
): Promise<CacheRead<boolean>> {
  const key = `${companyId}/${staffId}/${signIn.authTime}/${signIn.eventId}`;
  const read = await vouchCache.read(key, () => isMfaSignIn(companyId, staffId, signIn, { together }));
  return {
    value: read.value,
    keep: () => {
      if (read.value) read.keep();
    },
  };
}

const companyMfaCache = new TtlCache<boolean>(ACCESS_CACHE_MS);

/**
 * The company's `requireStaffMfa` setting, as this instance last read it (at most ACCESS_CACHE_MS ago). A
 * fresh read keeps the company's item for the request's route (`GET /v1/company` reads it next).
 */
export function readCompanyMfaRule(companyId: string, together?: ItemBatch): Promise<CacheRead<boolean>> {
  return companyMfaCache.read(
    companyId,
    async () => (await getCompany(companyId, { keepForRequest: true, together }))?.requireStaffMfa === true,
  );
}

export function forgetCompanyMfaSetting(companyId: string): void {
  companyMfaCache.forget(companyId);
}
