import { logger } from "../observability/logger";

export interface ScheduledSweep {
  stop(): Promise<void>;
}

/**
 * Stands in for an EventBridge schedule that runs a sweep in the cloud: a
 * timer that runs `sweep` every `intervalMs`, one run at a time; `stop` waits
 * for the run in progress.
 */
export function startScheduledSweep(name: string, sweep: () => Promise<unknown>, intervalMs: number): ScheduledSweep {
  let running = true;
  let wake: () => void = () => undefined;
  const loop = (async () => {
    while (running) {
      try {
        await sweep();
      } catch (error) {
        if (running) logger.error(`local ${name} sweep failed`, { error: (error as Error).message });
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs);
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
