import { type SweepOptions, sweepOutbox } from "../mail/sweep";
import { logger } from "../observability/logger";

export interface OutboxSweeper {
  stop(): Promise<void>;
}

/**
 * Stands in for the EventBridge schedule that runs the sweep in the cloud: a
 * timer that sweeps the outbox every `intervalMs`, one sweep at a time.
 */
export function startOutboxSweeper(options: { intervalMs: number; only?: SweepOptions["only"] }): OutboxSweeper {
  let running = true;
  let wake: () => void = () => undefined;
  const loop = (async () => {
    while (running) {
      try {
        await sweepOutbox({ only: options.only });
      } catch (error) {
        if (running) logger.error("local outbox sweep failed", { error: (error as Error).message });
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, options.intervalMs);
      });
    }
  })();
  return {
    stop: async () => {
      running = false;
      wake();
      await loop;
    },
  };
}
