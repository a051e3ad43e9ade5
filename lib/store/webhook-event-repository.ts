import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { WebhookEvent } from "../domain/webhook";
import { db, tableName } from "./client";
import { keys } from "./keys";
import { getEntity } from "./operations";
import { IS_NEW, type TransactItem, tx } from "./transact";

/** Events (and so their deliveries' bodies) are kept this long: the delivery log and redeliveries reach back 30 days. */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * An event as stored: the exact body every delivery sends (so retries and
 * redeliveries are byte for byte the same, and so is their signature), and
 * what the deliverer needs to fan it out without parsing it.
 */
export interface StoredEvent {
  eventId: string;
  companyId: string;
  type: WebhookEvent["type"];
  createdAt: string;
  body: string;
  /** Only this endpoint gets it (a test ping), whatever its subscriptions. */
  targetWebhookId?: string;
}

/** The stream item the deliverer acts on (lib/webhooks/stream-filter.ts). */
export const EVENT_ITEM_TYPE = "webhook-event";

function eventItem(event: WebhookEvent, targetWebhookId?: string): Record<string, unknown> {
  const stored: StoredEvent = {
    eventId: event.id,
    companyId: event.companyId,
    type: event.type,
    createdAt: event.createdAt,
    body: JSON.stringify(event),
    ...(targetWebhookId ? { targetWebhookId } : {}),
  };
  return {
    ...keys.webhookEvent(event.companyId, event.id),
    itemType: EVENT_ITEM_TYPE,
    ...stored,
    expiresAt: Math.floor(Date.parse(event.createdAt) / 1000) + EVENT_RETENTION_SECONDS,
  };
}

/** The event as one more item of the transaction that makes the change it announces. */
export const eventPut = (event: WebhookEvent): TransactItem => tx.put(eventItem(event), IS_NEW);

/** An event for one endpoint only (a test ping): no change goes with it. */
export async function putTargetedEvent(event: WebhookEvent, webhookId: string): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: eventItem(event, webhookId), ...IS_NEW }));
}

export function getStoredEvent(companyId: string, eventId: string): Promise<StoredEvent | null> {
  return getEntity<StoredEvent>(keys.webhookEvent(companyId, eventId), true);
}
