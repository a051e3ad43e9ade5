import { logger } from "../observability/logger";
import { type DeliveryRef, dueDeliveries } from "../store/webhook-delivery-repository";
import { type AttemptOutcome, attemptDelivery } from "./deliverer";

const PAGE = 50;

export interface WebhookSweepOptions {
  /** Stop starting attempts after this time (a Lambda's deadline, less an attempt's length). */
  deadline?: Date;
  /** Only these deliveries (the tests' sweeps each take their own company's). */
  only?: (delivery: DeliveryRef) => boolean;
}

export type WebhookSweepReport = Record<AttemptOutcome | "errors" | "oldestDueAgeSeconds", number>;

/**
 * Attempts every pending delivery whose time has come: retries whose backoff
 * has passed, redeliveries, claims whose worker died, and deliveries the
 * stream never attempted. A page's attempts run side by side; each is claimed,
 * so sweeps running together, or beside the stream, attempt it once.
 */
export async function sweepWebhookDeliveries(options: WebhookSweepOptions = {}): Promise<WebhookSweepReport> {
  const report: WebhookSweepReport = {
    succeeded: 0,
    retrying: 0,
    failed: 0,
    skipped: 0,
    errors: 0,
    oldestDueAgeSeconds: 0,
  };
  const startedAt = new Date();
  let after: Record<string, unknown> | undefined;
  do {
    if (options.deadline && Date.now() > options.deadline.getTime()) return report;
    const page = await dueDeliveries(startedAt, PAGE, after);
    const mine = page.deliveries.filter(options.only ?? (() => true));
    // The index is in due order: the first page's first entry is the oldest one waiting.
    if (!after && mine[0]) {
      report.oldestDueAgeSeconds = Math.max(0, Math.round((startedAt.getTime() - Date.parse(mine[0].dueAt)) / 1000));
    }
    await Promise.all(
      mine.map(async (delivery) => {
        try {
          report[await attemptDelivery(delivery)]++;
        } catch (error) {
          // Its claim runs out and a later sweep takes it over.
          report.errors++;
          logger.error("webhook sweep: attempt failed", {
            deliveryId: delivery.deliveryId,
            error: (error as Error).name,
          });
        }
      }),
    );
    after = page.next;
  } while (after);
  return report;
}
