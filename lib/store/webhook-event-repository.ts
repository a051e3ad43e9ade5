import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { WebhookEvent } from "../domain/webhook";
import { requestIdAttribute } from "../observability/correlation";
import { db, tableName } from "./client";
import { keys } from "./keys";
import { prefixQuery, queryPages } from "./operations";
import { IS_NEW, type TransactItem, tx } from "./transact";

/** Events (and so their deliveries' bodies) are kept this long: the delivery log and redeliveries reach back 30 days. */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * An event as stored: the exact body its deliveries send (copied into each
 * delivery, so retries and redeliveries are byte for byte the same), and what
 * the deliverer needs to fan it out without parsing it.
 */
export interface StoredEvent {
  eventId: string;
  companyId: string;
  /** The client it is about; its item lives in the client's partition. */
  clientId?: string;
  type: WebhookEvent["type"];
  createdAt: string;
  body: string;
  /** Only this endpoint gets it (a test ping), whatever its subscriptions. */
  targetWebhookId?: string;
  /** The API request that made the change (lib/observability/correlation.ts); its deliveries copy it. */
  requestId?: string;
}

/** The stream item the deliverer acts on (lib/webhooks/stream-filter.ts). */
export const EVENT_ITEM_TYPE = "webhook-event";

function eventItem(event: WebhookEvent, clientId?: string, targetWebhookId?: string): Record<string, unknown> {
  const stored: StoredEvent = {
    eventId: event.id,
    companyId: event.companyId,
    ...(clientId ? { clientId } : {}),
    type: event.type,
    createdAt: event.createdAt,
    body: JSON.stringify(event),
    ...(targetWebhookId ? { targetWebhookId } : {}),
    ...requestIdAttribute(),
  };
  return {
    ...keys.webhookEvent(event.companyId, event.id, clientId),
    itemType: EVENT_ITEM_TYPE,
    ...stored,
    expiresAt: Math.floor(Date.parse(event.createdAt) / 1000) + EVENT_RETENTION_SECONDS,
  };
}

/** The event about a client, as one more item of the transaction that makes the change it announces. */
export const eventPut = (event: WebhookEvent, clientId: string): TransactItem =>
  tx.put(eventItem(event, clientId), IS_NEW);

/** An event for one endpoint only (a test ping): no change goes with it. */
export async function putTargetedEvent(event: WebhookEvent, webhookId: string): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: eventItem(event, undefined, webhookId), ...IS_NEW }));
}

/**
 * Deletes the client's events but those of `keep` types: anonymising keeps only the event that
 * announced it (it shows the erased client). Deliveries already made keep their copy (30 days).
 */
export async function deleteClientEvents(companyId: string, clientId: string, keep: readonly string[]): Promise<void> {
  const { pk, skPrefix } = keys.clientEventPrefix(companyId, clientId);
  for await (const items of queryPages({
    ...prefixQuery(pk, skPrefix),
    ProjectionExpression: "pk, sk, #type",
    ExpressionAttributeNames: { "#type": "type" },
  })) {
    for (const item of items.filter((event) => !keep.includes(event.type as string))) {
      await db().send(new DeleteCommand({ TableName: tableName(), Key: { pk: item.pk, sk: item.sk } }));
    }
  }
}
