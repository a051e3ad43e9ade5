import type { DynamoDBRecord } from "aws-lambda";
import { handler as deliverer } from "../../functions/webhooks";
import { startStreamPoller } from "../../lib/local/stream-poller";
import { startWebhookSweeper } from "../../lib/local/webhook-sweeper";
import { matchesWebhookEventFilter } from "../../lib/webhooks/stream-filter";
import { streamAtFileStart } from "./file-start";

/**
 * The webhook deliverer as in the cloud (the stream consumer, and the sweep
 * on a short timer instead of a schedule), only for these companies' events,
 * so parallel test files never deliver each other's.
 */
export async function startDelivererFor(...companyIds: string[]): Promise<{ stop(): Promise<void> }> {
  const mine = new Set(companyIds);
  const poller = await startStreamPoller({
    filter: (record: DynamoDBRecord) =>
      matchesWebhookEventFilter(record as never) && mine.has(record.dynamodb?.NewImage?.companyId?.S ?? ""),
    handler: deliverer,
    intervalMs: 100,
    from: await streamAtFileStart(),
  });
  const sweeper = startWebhookSweeper({ intervalMs: 200, only: (delivery) => mine.has(delivery.companyId) });
  return {
    stop: async () => {
      await Promise.all([poller.stop(), sweeper.stop()]);
    },
  };
}
