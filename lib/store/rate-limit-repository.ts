import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "./client";
import { isConditionFailure, isTransactionConflict, TransactionConditionFailed } from "./errors";
import type { Key } from "./keys";
import { type NamedItem, named, type TransactItem, transactWrite, tx, withOldItemOnFailure } from "./transact";

export interface AttemptCount {
  /** Attempts in the current window, this one included. */
  attempts: number;
  /** When the window ends (epoch seconds); the item's TTL. */
  windowEndsAt: number;
}

/** Two writers can race to open a new window; one of them always wins, so a few rounds settle it. */
const MAX_ROUNDS = 4;
/**
 * Counters are shared by every attempt from one network or on one username, and DynamoDB cancels a
 * transaction that meets another on the same item: such an attempt is tried again after a short random
 * pause, a few times, before it is answered busy (503).
 */
const MAX_CONFLICTS = 3;

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
    const window = freshWindow(key, windowSeconds, nowSeconds);
    try {
      await db().send(new PutCommand({ TableName: tableName(), Item: window.item, ...window.condition }));
      return { attempts: 1, windowEndsAt: window.item.expiresAt };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new Error(`could not count an attempt on ${key.pk} after ${MAX_ROUNDS} rounds`);
}

export interface AttemptCounter {
  key: Key;
  /** Attempts allowed per window; the one after it is refused. */
  limit: number;
}

/** The attempt was refused: these counters' windows were full; the soonest any of them lets it through. */
export interface AttemptRefused {
  refused: true;
  /** When the last of the full windows ends (epoch seconds). */
  windowEndsAt: number;
}

/**
 * Writes `items` in one transaction that counts the attempt on every counter, only when each counter's
 * window is live and under its limit; a full counter refuses the attempt and nothing is written (the
 * items nor the other counts). A counter missing or past its window (DynamoDB deletes expired items late,
 * and DynamoDB Local never) is opened by a conditional Put in the next round, which counts the attempt as
 * the first of a fresh window: two openers racing, one wins and the other counts on its window. The
 * cancellation returns each failed counter as it was, so only an attempt that opens a window or is
 * refused pays a second round trip. Conflicts with concurrent attempts are retried (MAX_CONFLICTS).
 */
export async function writeCountingAttempts(
  counters: readonly AttemptCounter[],
  windowSeconds: number,
  items: readonly (TransactItem | NamedItem)[],
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<AttemptRefused | { refused: false }> {
  const opening = new Set<number>();
  let conflicts = 0;
  for (let round = 0; round < MAX_ROUNDS; ) {
    const counts = counters.map(({ key, limit }, i) =>
      named(
        counterName(i),
        withOldItemOnFailure(
          opening.has(i) ? openWindow(key, windowSeconds, nowSeconds) : countOn(key, limit, nowSeconds),
        ),
      ),
    );
    try {
      await transactWrite([...counts, ...items]);
      return { refused: false };
    } catch (error) {
      if (isTransactionConflict(error) && conflicts < MAX_CONFLICTS) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** conflicts++));
        continue;
      }
      if (!(error instanceof TransactionConditionFailed)) throw error;
      round++;
      const full: number[] = [];
      let countersFailed = false;
      counters.forEach(({ limit }, i) => {
        if (!error.on(counterName(i))) return;
        countersFailed = true;
        const old = error.oldItem(counterName(i));
        const windowEndsAt = typeof old?.expiresAt === "number" ? old.expiresAt : 0;
        if (windowEndsAt <= nowSeconds) opening.add(i);
        else if ((old?.attempts as number) >= limit) full.push(windowEndsAt);
        else opening.delete(i);
      });
      if (full.length > 0) return { refused: true, windowEndsAt: Math.max(...full) };
      // Another item's condition failed: that is the caller's to judge.
      if (!countersFailed) throw error;
    }
  }
  throw new Error(
    `could not count an attempt on ${counters.map((c) => c.key.pk).join(", ")} after ${MAX_ROUNDS} rounds`,
  );
}

const counterName = (index: number) => `attempt-counter-${index}`;

/** One more attempt on a live window with room left. */
const countOn = (key: Key, limit: number, nowSeconds: number): TransactItem =>
  tx.update(key, "ADD attempts :one", {
    ConditionExpression: "expiresAt > :now AND attempts < :limit",
    ExpressionAttributeValues: { ":one": 1, ":now": nowSeconds, ":limit": limit },
  });

/** A counter's first attempt of a fresh window, on condition that no live window stands (a concurrent attempt may open one first). */
function freshWindow(key: Key, windowSeconds: number, nowSeconds: number) {
  return {
    item: { ...key, itemType: "attempt-counter", attempts: 1, expiresAt: nowSeconds + windowSeconds },
    condition: {
      ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now",
      ExpressionAttributeValues: { ":now": nowSeconds },
    },
  };
}

const openWindow = (key: Key, windowSeconds: number, nowSeconds: number): TransactItem => {
  const window = freshWindow(key, windowSeconds, nowSeconds);
  return tx.put(window.item, window.condition);
};
