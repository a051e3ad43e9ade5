import { forgetStaffAccess } from "../access/staff-access";
import { config } from "../config";
import type { Actor } from "../domain/history";
import { newId } from "../domain/ids";
import type { StaffMember, StaffRole } from "../domain/staff";
import {
  addStaffUserToGroup,
  createStaffUser,
  deleteStaffUser,
  StaffUsernameTakenError,
  staffUserSub,
} from "../identity/staff-users";
import { findIdentity } from "../store/identity-repository";
import { getStaffMember, insertStaffMember } from "../store/staff-repository";
import { staffHistoryEvent } from "./staff-history";
import { invitationWrites } from "./staff-invitation";

export interface NewStaffMember {
  companyId: string;
  username: string;
  email: string;
  role: StaffRole;
  name?: string | undefined;
  /** Given (bootstrap, `company:create`, tests): the member is active at once. Absent: invited by email. */
  password?: string | undefined;
  /** Who adds the member; the system for the bootstrap and `company:create`. */
  actor?: Actor;
}

const SYSTEM: Actor = { type: "system", id: "" };

/**
 * Adds a member to a company's staff, the one way every member comes to be
 * (an admin's invitation, the bootstrap, `company:create`): the sign-in
 * account, then the staff record, its identity link, its history and, for an
 * invitation, the single-use token and the email, in one transaction. With a
 * password the member is active at once; without, `invited` until they set one
 * through the link. A username that exists already fails
 * (StaffUsernameTakenError) and changes nothing; a failed record write removes
 * the account again.
 */
export async function addStaffMember(input: NewStaffMember): Promise<StaffMember> {
  const staffId = newId("stf");
  const sub = await createStaffUser({ ...input, staffId });
  const member = staffMember(input, sub, staffId);
  try {
    await insertMember(member, input.actor ?? SYSTEM);
  } catch (error) {
    await deleteStaffUser(input.username);
    throw error;
  }
  return member;
}

async function insertMember(member: StaffMember, actor: Actor): Promise<void> {
  const history = [staffHistoryEvent(member.id, "invited", actor, { to: member.role })];
  const extra = member.status === "invited" ? await invitationWrites(member, actor) : [];
  const outcome = await insertStaffMember(config().staffPool.userPoolId, member, history, extra);
  if (outcome !== "written") throw new Error(`staff subject ${member.sub} is linked already`);
  forgetStaffAccess(member.companyId, member.id);
}

/**
 * The installation's first admin, made safe to run again: an existing account
 * is kept when it is linked to this company (and linked when an earlier run
 * stopped before the link), and refused when it belongs to another company.
 */
export async function ensureCompanyAdmin(input: NewStaffMember): Promise<StaffMember> {
  const sub = await staffUserSub(input.username);
  if (!sub) return addStaffMember(input);
  const userPoolId = config().staffPool.userPoolId;
  const identity = await findIdentity(userPoolId, sub);
  if (identity && (identity.companyId !== input.companyId || !identity.staffId)) {
    throw new StaffUsernameTakenError(input.username);
  }
  await addStaffUserToGroup(input.username, input.role);
  if (identity?.staffId) {
    const existing = await getStaffMember(identity.companyId, identity.staffId);
    if (existing) return existing;
  }
  const member = staffMember(input, sub);
  const outcome = await insertStaffMember(userPoolId, member, [
    staffHistoryEvent(member.id, "invited", input.actor ?? SYSTEM, { to: member.role }),
  ]);
  if (outcome !== "written") throw new StaffUsernameTakenError(input.username);
  return member;
}

function staffMember(input: NewStaffMember, sub: string, id = newId("stf")): StaffMember {
  const now = new Date().toISOString();
  return {
    id,
    companyId: input.companyId,
    sub,
    username: input.username,
    email: input.email,
    name: input.name ?? input.username,
    role: input.role,
    status: input.password === undefined ? "invited" : "active",
    mfaEnabled: false,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}
