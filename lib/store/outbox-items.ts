import { config } from "../config";
import type { TemplateId } from "../domain/email-template";
import { newId } from "../domain/ids";
import { keys } from "./keys";
import { OUTBOX_DUE_INDEX } from "./table";

/**
 * pending: written, waiting for the mailer; sending: claimed by one delivery;
 * deferred: a delivery failed, the next one waits for its backoff; sent; failed: undeliverable.
 */
export type OutboxStatus = "pending" | "sending" | "deferred" | "sent" | "failed";

/** A promise to send one email: written with the client, delivered by the mailer from the table's stream. */
export interface OutboxMessage {
  messageId: string;
  companyId: string;
  clientId: string;
  templateId: TemplateId;
  status: OutboxStatus;
  /** Deliveries that claimed it, the current one included. */
  attempts: number;
  createdAt: string;
  /** Why the last delivery failed (an error name), while deferred. */
  lastError?: string;
  /** Why it was given up, once failed. */
  failure?: string;
}

/** The index attributes of an unfinished message: the sweep looks at it from `dueAt` on. */
export function outboxDue(dueAt: Date): Record<string, string> {
  return {
    [OUTBOX_DUE_INDEX.partitionKey]: keys.outboxDuePartition(),
    [OUTBOX_DUE_INDEX.sortKey]: dueAt.toISOString(),
  };
}

/** `messageId` is given when a retry must find the message an earlier attempt queued (an Idempotency-Key's). */
export function outboxItem(
  companyId: string,
  clientId: string,
  templateId: TemplateId,
  messageId = newId("msg"),
): Record<string, unknown> {
  const now = new Date();
  const message: OutboxMessage = {
    messageId,
    companyId,
    clientId,
    templateId,
    status: "pending",
    attempts: 0,
    createdAt: now.toISOString(),
  };
  return {
    ...keys.outbox(companyId, clientId, message.messageId),
    itemType: "outbox",
    ...message,
    // The stream delivers it within seconds; should that never happen, the sweep does after a lease.
    ...outboxDue(new Date(now.getTime() + config().mail.leaseSeconds * 1000)),
  };
}
