import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { SignInRef } from "../access/caller";
import { REFRESH_TOKEN_DAYS } from "../identity/pools";
import { db, tableName } from "./client";
import { keys } from "./keys";
import { getEntity, type ReadOptions } from "./operations";

/** Records that the member's sign-in passed our MFA step; it lives as long as its refresh token. */
export async function recordMfaSignIn(companyId: string, staffId: string, signIn: SignInRef): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.mfaSignIn(companyId, staffId, signIn),
        itemType: "mfa-sign-in",
        expiresAt: Math.floor(Date.now() / 1000) + REFRESH_TOKEN_DAYS * 86_400,
      },
    }),
  );
}

export async function isMfaSignIn(
  companyId: string,
  staffId: string,
  signIn: SignInRef,
  options?: ReadOptions,
): Promise<boolean> {
  return (await getEntity(keys.mfaSignIn(companyId, staffId, signIn), true, options)) !== null;
}
