import { jest } from "@jest/globals";

/**
 * Moves the wall clock (Date only: timers, promises and I/O run as usual), so
 * a test can step past a cache window or an expiry instead of sleeping.
 */
export function advanceClock(ms: number): void {
  const now = Date.now();
  jest.useFakeTimers({
    advanceTimers: true,
    doNotFake: [
      "hrtime",
      "nextTick",
      "performance",
      "queueMicrotask",
      "requestAnimationFrame",
      "cancelAnimationFrame",
      "requestIdleCallback",
      "cancelIdleCallback",
      "setImmediate",
      "clearImmediate",
      "setInterval",
      "clearInterval",
      "setTimeout",
      "clearTimeout",
    ],
  });
  jest.setSystemTime(now + ms);
}

export function restoreClock(): void {
  jest.useRealTimers();
}

/** Token times are whole seconds: waits for the next one, so "signed in before the change" is unambiguous. */
export async function nextSecond(): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  while (Math.floor(Date.now() / 1000) === now) await new Promise((r) => setTimeout(r, 25));
}
