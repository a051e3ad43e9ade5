import { logger } from "../observability/logger";
import { recordMetric } from "../observability/metrics";
import { dueMessages, type MessageRef } from "../store/outbox-repository";
import { type DeliveryOutcome, deliver } from "./mailer";

const PAGE = 100;

export interface SweepOptions {
  /** Stop starting deliveries after this time (a Lambda's deadline, less a delivery's length). */
  deadline?: Date;
  /** Only these messages (the local stack's tests sweep one company's outbox each). */
  only?: (message: MessageRef) => boolean;
}

export type SweepReport = Record<DeliveryOutcome | "failed", number>;

/**
 * Delivers every outbox message whose time has come: deferred ones whose
 * backoff has passed, claims left behind by a delivery that died, and pending
 * ones the stream never delivered. Each is claimed like any delivery, so
 * sweeps running side by side, or beside the stream, still send once.
 */
export async function sweepOutbox(options: SweepOptions = {}): Promise<SweepReport> {
  const report: SweepReport = { sent: 0, skipped: 0, deferred: 0, undeliverable: 0, failed: 0 };
  const startedAt = new Date();
  let after: Record<string, unknown> | undefined;
  do {
    const page = await dueMessages(startedAt, PAGE, after);
    // The index is ordered by due time: the first page's first message has waited longest (0: none waits).
    if (!after) recordMetric("OldestDueEmailAgeSeconds", undefined, oldestAge(startedAt, page.oldestDueAt));
    for (const message of page.messages.filter(options.only ?? (() => true))) {
      if (options.deadline && Date.now() > options.deadline.getTime()) return report;
      try {
        report[await deliver(message)]++;
      } catch (error) {
        // Its claim runs out and a later sweep takes it over.
        report.failed++;
        logger.error("sweep: delivery failed", { messageId: message.messageId, error: (error as Error).name });
      }
    }
    after = page.next;
  } while (after);
  return report;
}

const oldestAge = (now: Date, dueAt: string | undefined): number =>
  dueAt ? Math.max(0, Math.round((now.getTime() - Date.parse(dueAt)) / 1000)) : 0;
