import { config } from "../config";
import type { StaffRole } from "../domain/staff";
import { logger } from "../observability/logger";

export interface StaffUserInput {
  companyId: string;
  staffId: string;
  username: string;
  email: string;
  /** Absent for an invitation: the account has no password anyone knows until the member sets one. */
  password?: string | undefined;
  role: StaffRole;
}

/** The username belongs to an account already; it is never taken over or re-linked. */
export class StaffUsernameTakenError extends Error {
  constructor(readonly username: string) {
    super(`The staff username ${username} is taken.`);
    this.name = "StaffUsernameTakenError";
  }
}

const poolId = () => config().staffPool.userPoolId;
const errorName = (error: unknown) => (error as { name?: string } | null)?.name;

/**
 * Creates a staff sign-in account in the role's group, with a permanent
 * password when one is given (else Cognito's unknown temporary one, with which
 * nobody can sign in); returns its subject. `custom:company` and `custom:staffId` are written once, for
 * operators reading the pool and as the caller lookup's hints (lib/access/caller.ts): immutable, never a source.
 */
export async function createStaffUser(input: StaffUserInput): Promise<string> {
  try {
    await (await import("./cognito/admin-create-user")).adminCreateUser({
      UserPoolId: poolId(),
      Username: input.username,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: input.email },
        { Name: "email_verified", Value: "true" },
        { Name: "custom:company", Value: input.companyId },
        { Name: "custom:staffId", Value: input.staffId },
      ],
    });
  } catch (error) {
    if (errorName(error) === "UsernameExistsException") throw new StaffUsernameTakenError(input.username);
    throw error;
  }
  if (input.password !== undefined) await setStaffPassword(input.username, input.password);
  await addStaffUserToGroup(input.username, input.role);
  const sub = await staffUserSub(input.username);
  if (!sub) throw new Error(`Cognito created staff user ${input.username} without a subject`);
  return sub;
}

export async function addStaffUserToGroup(username: string, role: StaffRole): Promise<void> {
  await (await import("./cognito/admin-add-user-to-group")).adminAddUserToGroup({
    UserPoolId: poolId(),
    Username: username,
    GroupName: role,
  });
}

/** Moves the account to the group of its new role (a hint for operators; the record decides). */
export async function moveStaffUserToGroup(username: string, from: StaffRole, to: StaffRole): Promise<void> {
  await addStaffUserToGroup(username, to);
  await (await import("./cognito/admin-remove-user-from-group")).adminRemoveUserFromGroup({
    UserPoolId: poolId(),
    Username: username,
    GroupName: from,
  });
}

export async function setStaffPassword(username: string, password: string): Promise<void> {
  await (await import("./cognito/admin-set-user-password")).adminSetUserPassword({
    UserPoolId: poolId(),
    Username: username,
    Password: password,
    Permanent: true,
  });
}

export async function staffUserSub(username: string): Promise<string | undefined> {
  try {
    const user = await (await import("./cognito/admin-get-user")).adminGetUser({
      UserPoolId: poolId(),
      Username: username,
    });
    return user.UserAttributes?.find((a) => a.Name === "sub")?.Value;
  } catch (error) {
    if (errorName(error) === "UserNotFoundException") return undefined;
    throw error;
  }
}

/** Deletes the account; a no-op when it does not exist. */
export async function deleteStaffUser(username: string): Promise<void> {
  try {
    await (await import("./cognito/admin-delete-user")).adminDeleteUser({ UserPoolId: poolId(), Username: username });
  } catch (error) {
    if (errorName(error) !== "UserNotFoundException") throw error;
  }
}

/**
 * Revokes the member's refresh tokens, best effort (cognito-local does not support it): the staff
 * record's sessions cut-off is what refuses the old tokens, here as in the cloud.
 */
export async function signOutStaffEverywhere(username: string): Promise<void> {
  try {
    await (await import("./cognito/admin-user-global-sign-out")).adminUserGlobalSignOut({
      UserPoolId: poolId(),
      Username: username,
    });
  } catch (error) {
    logger.warn("global sign-out failed; the API's session check still refuses the old tokens", {
      error: (error as Error).name,
    });
  }
}
