import { RateLimitedError } from "../errors/application-errors";
import { type AttemptCounter, countAttempt, writeCountingAttempts } from "../store/rate-limit-repository";
import type { NamedItem, TransactItem } from "../store/transact";

export type { AttemptCounter };

/**
 * Counts this attempt on every counter, then refuses it (RateLimitedError:
 * 429 with Retry-After) when any count is over its limit. Every attempt counts,
 * refused ones too: hammering a closed window does not open it sooner.
 */
export async function enforceAttemptLimits(counters: readonly AttemptCounter[], windowSeconds: number): Promise<void> {
  const counts = await Promise.all(
    counters.map(async ({ key, limit }) => ({ limit, ...(await countAttempt(key, windowSeconds)) })),
  );
  const exceeded = counts.filter((count) => count.attempts > count.limit);
  if (exceeded.length > 0) throw refusedUntil(Math.max(...exceeded.map((count) => count.windowEndsAt)));
}

/**
 * Writes `items` in the same transaction that counts the attempt on every counter, or refuses the attempt
 * (RateLimitedError: 429 with Retry-After) when a counter's window is full; a refused attempt writes
 * nothing, not even its counts. One round trip for an attempt whose windows are open and have room.
 */
export async function writeWithinAttemptLimits(
  counters: readonly AttemptCounter[],
  windowSeconds: number,
  items: readonly (TransactItem | NamedItem)[],
): Promise<void> {
  const outcome = await writeCountingAttempts(counters, windowSeconds, items);
  if (outcome.refused) throw refusedUntil(outcome.windowEndsAt);
}

/** 429 with Retry-After: the seconds until the window ends (epoch seconds), at least one. */
const refusedUntil = (windowEndsAt: number) =>
  new RateLimitedError(Math.max(1, windowEndsAt - Math.floor(Date.now() / 1000)));
