import { TtlCache } from "../cache/ttl-cache";
import type { StaffMember } from "../domain/staff";
import { getStaffMember } from "../store/staff-repository";
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
