import { type SweepOptions, sweepOutbox } from "../mail/sweep";
import { type ScheduledSweep, startScheduledSweep } from "./scheduled-sweep";

/** The outbox sweep on a timer, as the schedule runs it in the cloud. */
export function startOutboxSweeper(options: { intervalMs: number; only?: SweepOptions["only"] }): ScheduledSweep {
  return startScheduledSweep("outbox", () => sweepOutbox({ only: options.only }), options.intervalMs);
}
