import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "./client";
import { isConditionFailure } from "./errors";
import type { Key } from "./keys";

export interface AttemptCount {
  /** Attempts in the current window, this one included. */
  attempts: number;
  /** When the window ends (epoch seconds); the item's TTL. */
  windowEndsAt: number;
}

/** Two writers can race to open a new window; one of them always wins, so a few rounds settle it. */
const MAX_ROUNDS = 4;

/**
 * Counts one attempt on a counter (built in keys.ts) in a fixed window that opens with the first
 * attempt. A live counter is incremented atomically; a missing or expired one
 * (DynamoDB deletes expired items late, and DynamoDB Local never) is replaced
 * by a fresh window. Both writes are conditional, so concurrent attempts are
 * never lost and never reset a live window.
 */
export async function countAttempt(
  key: Key,
  windowSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<AttemptCount> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    try {
      const { Attributes } = await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: "ADD attempts :one",
          ConditionExpression: "expiresAt > :now",
          ExpressionAttributeValues: { ":one": 1, ":now": nowSeconds },
          ReturnValues: "ALL_NEW",
        }),
      );
      return { attempts: Attributes!.attempts as number, windowEndsAt: Attributes!.expiresAt as number };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const windowEndsAt = nowSeconds + windowSeconds;
    try {
      await db().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...key, itemType: "attempt-counter", attempts: 1, expiresAt: windowEndsAt },
          ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now",
          ExpressionAttributeValues: { ":now": nowSeconds },
        }),
      );
      return { attempts: 1, windowEndsAt };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new Error(`could not count an attempt on ${key.pk} after ${MAX_ROUNDS} rounds`);
}
