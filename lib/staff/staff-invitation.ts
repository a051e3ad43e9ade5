import type { Actor } from "../domain/history";
import type { StaffHistoryEvent, StaffMember } from "../domain/staff";
import type { TransactItem } from "../store/transact";

/**
 * What an invitation writes with the member: the single-use token and the
 * invitation email. Filled in once the one-time token module lands.
 */
export async function invitationWrites(
  _member: StaffMember,
  _actor: Actor,
  _history: StaffHistoryEvent[],
): Promise<TransactItem[]> {
  return [];
}
