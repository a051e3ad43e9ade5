import { config } from "../config";
import { newId } from "../domain/ids";
import type { StaffMember } from "../domain/staff";
import {
  addStaffUserToGroup,
  createStaffUser,
  deleteStaffUser,
  type StaffUserInput,
  StaffUsernameTakenError,
  staffUserSub,
} from "../identity/staff-users";
import { findIdentity } from "../store/identity-repository";
import { getStaffMember, insertStaffMember } from "../store/staff-repository";

export interface NewStaffMember extends StaffUserInput {
  name?: string;
}

/**
 * Adds an active member to a company's staff: the sign-in account, then the
 * staff record and its identity link in one transaction. A username that
 * exists already fails (StaffUsernameTakenError) and changes nothing; a
 * failed record write removes the account again.
 */
export async function addStaffMember(input: NewStaffMember): Promise<StaffMember> {
  const sub = await createStaffUser(input);
  const member = staffMember(input, sub);
  try {
    if (!(await insertStaffMember(config().staffPool.userPoolId, member))) {
      throw new Error(`staff subject ${sub} is linked already`);
    }
  } catch (error) {
    await deleteStaffUser(input.username);
    throw error;
  }
  return member;
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
  if (!(await insertStaffMember(userPoolId, member))) throw new StaffUsernameTakenError(input.username);
  return member;
}

function staffMember(input: NewStaffMember, sub: string): StaffMember {
  const now = new Date().toISOString();
  return {
    id: newId("stf"),
    companyId: input.companyId,
    sub,
    username: input.username,
    email: input.email,
    name: input.name ?? input.username,
    role: input.role,
    status: "active",
    mfaEnabled: false,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}
