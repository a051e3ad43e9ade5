import { sweepWebhookDeliveries, type WebhookSweepOptions } from "../webhooks/sweep";
import { type ScheduledSweep, startScheduledSweep } from "./scheduled-sweep";

/** The sweep of due webhook deliveries on a timer, as the schedule runs it in the cloud. */
export function startWebhookSweeper(options: {
  intervalMs: number;
  only?: WebhookSweepOptions["only"];
}): ScheduledSweep {
  return startScheduledSweep("webhook", () => sweepWebhookDeliveries({ only: options.only }), options.intervalMs);
}
