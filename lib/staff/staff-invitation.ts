import type { Actor } from "../domain/history";
import type { StaffMember } from "../domain/staff";
import type { TransactItem } from "../store/transact";
import { tokenEmailItems } from "../tokens/token-emails";

/**
 * What an invitation writes with the member: a `staff-invitation` one-time token (72 h, single use) and
 * the email carrying its link, sealed in the staff outbox. Written in the member's transaction, the
 * token exists exactly when the member and their email do; each new invitation replaces the member's
 * latest invitation token, so only the newest link works.
 */
export function invitationWrites(member: StaffMember, actor: Actor): Promise<TransactItem[]> {
  return tokenEmailItems({
    purpose: "staff-invitation",
    companyId: member.companyId,
    audience: "staff",
    subjectId: member.id,
    templateId: "staff-invitation",
    actor,
  });
}
