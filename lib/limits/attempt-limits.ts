import { RateLimitedError } from "../errors/application-errors";
import type { Key } from "../store/keys";
import { countAttempt, writeCountingAttempts } from "../store/rate-limit-repository";
import type { NamedItem, TransactItem } from "../store/transact";

export interface AttemptCounter {
  key: Key;
  /** Attempts allowed per window; the one after it is refused. */
  limit: number;
}

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
  if (exceeded.length > 0) {
    const now = Math.floor(Date.now() / 1000);
    throw new RateLimitedError(Math.max(1, ...exceeded.map((count) => count.windowEndsAt - now)));
  }
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
  if (outcome.refused) {
    throw new RateLimitedError(Math.max(1, outcome.windowEndsAt - Math.floor(Date.now() / 1000)));
  }
}
