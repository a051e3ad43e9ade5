import { logger } from "../observability/logger";
import { sweepWebhookDeliveries, type WebhookSweepOptions } from "../webhooks/sweep";

export interface WebhookSweeper {
  stop(): Promise<void>;
}

/**
 * Stands in for the EventBridge schedule that sweeps due webhook deliveries in
 * the cloud: a timer, one sweep at a time.
 */
export function startWebhookSweeper(options: {
  intervalMs: number;
  only?: WebhookSweepOptions["only"];
}): WebhookSweeper {
  let running = true;
  let wake: () => void = () => undefined;
  const loop = (async () => {
    while (running) {
      try {
        await sweepWebhookDeliveries({ only: options.only });
      } catch (error) {
        if (running) logger.error("local webhook sweep failed", { error: (error as Error).message });
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
