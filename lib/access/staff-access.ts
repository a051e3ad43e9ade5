import { TtlCache } from "../cache/ttl-cache";
import type { StaffMember } from "../domain/staff";
import { getCompany } from "../store/company-repository";
import { isMfaSignIn } from "../store/mfa-sign-in-repository";
import { getStaffMember } from "../store/staff-repository";
import type { SignInRef } from "./caller";
import { ACCESS_CACHE_MS } from "./client-access";

/** A staff member's record as this instance last read it, for at most ACCESS_CACHE_MS. */
const cache = new TtlCache<StaffMember | null>(ACCESS_CACHE_MS);
const keyOf = (companyId: string, staffId: string) => `${companyId}/${staffId}`;

export function staffRecord(companyId: string, staffId: string): Promise<StaffMember | null> {
  return cache.get(keyOf(companyId, staffId), () => getStaffMember(companyId, staffId));
}

/** Called after a change to the member's role, status or sessions, so this instance sees it at once. */
export function forgetStaffAccess(companyId: string, staffId: string): void {
  cache.forget(keyOf(companyId, staffId));
}

const vouchCache = new TtlCache<boolean>(ACCESS_CACHE_MS);

/** Whether our MFA step let this sign-in of the member through; only a yes is worth caching. */
export async function mfaSignInVouched(companyId: string, staffId: string, signIn: SignInRef): Promise<boolean> {
  const key = `${companyId}/${staffId}/${signIn.authTime}/${signIn.eventId}`;
  const vouched = await vouchCache.get(key, () => isMfaSignIn(companyId, staffId, signIn));
  if (!vouched) vouchCache.forget(key);
  return vouched;
}

const companyMfaCache = new TtlCache<boolean>(ACCESS_CACHE_MS);

/** The company's `requireStaffMfa` setting, as this instance last read it (at most ACCESS_CACHE_MS ago). */
export function companyRequiresStaffMfa(companyId: string): Promise<boolean> {
  return companyMfaCache.get(companyId, async () => (await getCompany(companyId))?.requireStaffMfa === true);
}

export function forgetCompanyMfaSetting(companyId: string): void {
  companyMfaCache.forget(companyId);
}
