import type { StaffMember } from "../domain/staff";
import { identityPutItem } from "./identity-repository";
import { toItem } from "./items";
import { keys } from "./keys";
import { conditionalWrite, getEntity, queryAllByPrefix } from "./operations";
import { atVersion, IS_NEW, transactWrite, tx } from "./transact";

/**
 * Writes a new staff member and the identity item that links their Cognito
 * subject to them, together; false when either exists already.
 */
export function insertStaffMember(userPoolId: string, member: StaffMember): Promise<boolean> {
  return conditionalWrite(
    transactWrite([
      tx.put(toItem(keys.staffMember(member.companyId, member.id), "staff", member), IS_NEW),
      tx.put(identityPutItem(userPoolId, member.sub, { companyId: member.companyId, staffId: member.id }), IS_NEW),
    ]),
  );
}

/** Strongly consistent: what authorises a request must not lag a change. */
export function getStaffMember(companyId: string, staffId: string): Promise<StaffMember | null> {
  return getEntity<StaffMember>(keys.staffMember(companyId, staffId), true);
}

export function listStaffMembers(companyId: string): Promise<StaffMember[]> {
  const { pk, skPrefix } = keys.staffPrefix(companyId);
  return queryAllByPrefix<StaffMember>(pk, skPrefix);
}

/** Replaces a member still at `before.version`; false when another write came first. */
export function replaceStaffMember(before: StaffMember, after: StaffMember): Promise<boolean> {
  return conditionalWrite(
    transactWrite([
      tx.put(toItem(keys.staffMember(after.companyId, after.id), "staff", after), atVersion(before.version)),
    ]),
  );
}
