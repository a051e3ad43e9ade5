import { AsyncLocalStorage } from "node:async_hooks";
import type { DynamoDBRecord } from "aws-lambda";

/*
 * The id of the API request on whose behalf the code runs. The API handler
 * opens it for each request; the item builders of everything a request sets
 * off in the background (outbox emails, webhook events and deliveries, import
 * jobs and chunks) stamp it on their items; the stream handlers and sweeps
 * reopen it from the item they work on. Every log line written inside carries
 * it (lib/observability/logger.ts), so one id finds the API call and all it
 * caused. Async-local rather than a logger key: requests and records are
 * handled side by side in one process (the local server, the webhook
 * deliverer's batch), and a shared key would mix them up.
 */
const current = new AsyncLocalStorage<string | undefined>();

/** Runs `work` on behalf of the request `requestId` (undefined: of none, e.g. an item written before ids travelled). */
export function withRequestId<T>(requestId: string | undefined, work: () => T): T {
  return current.run(requestId, work);
}

export const currentRequestId = (): string | undefined => current.getStore();

/** The attribute an item written now carries: the request's id, or nothing outside a request. */
export function requestIdAttribute(): { requestId?: string } {
  const requestId = current.getStore();
  return requestId ? { requestId } : {};
}

/** The request id a stream record's item carries, for the lines a stream handler writes about it. */
export const requestIdOfRecord = (record: DynamoDBRecord): string | undefined =>
  record.dynamodb?.NewImage?.requestId?.S;
