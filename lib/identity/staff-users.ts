import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { config } from "../config";
import type { StaffRole } from "../http/auth-context";
import { saveIdentity } from "../store/identity-repository";
import { cognito } from "./cognito-client";

export interface StaffUserInput {
  companyId: string;
  username: string;
  email: string;
  password: string;
  role: StaffRole;
}

/**
 * Creates a staff member (or finds the existing one) with a permanent password,
 * in the role's group and linked to the company. Safe to run again.
 */
export async function ensureStaffUser(input: StaffUserInput): Promise<{ sub: string; created: boolean }> {
  const userPoolId = config().staffPool.userPoolId;
  let sub = await findSub(userPoolId, input.username);
  const created = !sub;
  if (!sub) {
    const { User } = await cognito().send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: input.username,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: input.email },
          { Name: "email_verified", Value: "true" },
          { Name: "custom:company", Value: input.companyId },
        ],
      }),
    );
    sub = User?.Attributes?.find((a) => a.Name === "sub")?.Value ?? (await findSub(userPoolId, input.username));
    await cognito().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: input.username,
        Password: input.password,
        Permanent: true,
      }),
    );
  }
  await cognito().send(
    new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: input.username, GroupName: input.role }),
  );
  if (!sub) throw new Error(`Cognito created staff user ${input.username} without a subject`);
  await saveIdentity(userPoolId, sub, { companyId: input.companyId });
  return { sub, created };
}

async function findSub(userPoolId: string, username: string): Promise<string | undefined> {
  try {
    const user = await cognito().send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    return user.UserAttributes?.find((a) => a.Name === "sub")?.Value;
  } catch (error) {
    if ((error as { name?: string }).name === "UserNotFoundException") return undefined;
    throw error;
  }
}
