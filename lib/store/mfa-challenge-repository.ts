import { DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "./client";
import { isConditionFailure } from "./errors";
import { keys } from "./keys";
import { getEntity } from "./operations";

/** A password sign-in waiting for its TOTP code. */
export interface MfaChallengeRecord {
  companyId: string;
  staffId: string;
  /** The Cognito tokens, sealed under a key only the session value the caller holds can derive. */
  sealedTokens: string;
  failures: number;
}

export async function putMfaChallenge(hash: string, challenge: MfaChallengeRecord, ttlSeconds: number): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.mfaChallenge(hash),
        itemType: "mfa-challenge",
        ...challenge,
        expiresAt: Math.floor(Date.now() / 1000) + ttlSeconds,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
}

export const getMfaChallenge = (hash: string) => getEntity<MfaChallengeRecord>(keys.mfaChallenge(hash), true);

/** Counts a wrong code; the challenge ends (is deleted) at the `limit`-th. */
export async function failMfaChallenge(hash: string, limit: number): Promise<void> {
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.mfaChallenge(hash),
        UpdateExpression: "ADD failures :one",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":one": 1 },
        ReturnValues: "ALL_NEW",
      }),
    );
    if (Number(Attributes?.failures ?? 0) >= limit)
      await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.mfaChallenge(hash) }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Ends the challenge; true for the one caller that ended it (the code is good once). */
export async function takeMfaChallenge(hash: string): Promise<boolean> {
  try {
    await db().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: keys.mfaChallenge(hash),
        ConditionExpression: "attribute_exists(pk)",
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
