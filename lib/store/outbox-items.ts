import { config } from "../config";
import type { TemplateId } from "../domain/email-template";
import { newId } from "../domain/ids";
import { requestIdAttribute } from "../observability/correlation";
import { keys } from "./keys";
import { OUTBOX_DUE_INDEX } from "./table";

/**
 * pending: written, waiting for the mailer; sending: claimed by one delivery;
 * deferred: a delivery failed, the next one waits for its backoff; sent; failed: undeliverable.
 */
export type OutboxStatus = "pending" | "sending" | "deferred" | "sent" | "failed";

/**
 * A promise to send one email: written with the client, delivered by the mailer from the table's stream.
 * It goes to the client `clientId`, or, when `staffId` is set, to that staff member (`clientId` is then "").
 */
export interface OutboxMessage {
  messageId: string;
  companyId: string;
  clientId: string;
  staffId?: string;
  /** A one-time token for the email's link, sealed (lib/tokens/sealed-token.ts); removed once sent or given up. */
  sealedToken?: string;
  /** The endpoint a webhook-disabled email is about. */
  webhookUrl?: string;
  templateId: TemplateId;
  status: OutboxStatus;
  /** Deliveries that claimed it, the current one included. */
  attempts: number;
  createdAt: string;
  /** Why the last delivery failed (an error name), while deferred. */
  lastError?: string;
  /** Why it was given up, once failed. */
  failure?: string;
  /** The API request that queued it (lib/observability/correlation.ts): its logs and the mailer's share this id. */
  requestId?: string;
}

/** The index attributes of an unfinished message: the sweep looks at it from `dueAt` on. */
export function outboxDue(dueAt: Date): Record<string, string> {
  return {
    [OUTBOX_DUE_INDEX.partitionKey]: keys.outboxDuePartition(),
    [OUTBOX_DUE_INDEX.sortKey]: dueAt.toISOString(),
  };
}

/** Where a message is stored: the client's partition, or the staff member's. */
export const outboxKey = (m: Pick<OutboxMessage, "companyId" | "clientId" | "staffId" | "messageId">) =>
  m.staffId ? keys.staffOutbox(m.companyId, m.staffId, m.messageId) : keys.outbox(m.companyId, m.clientId, m.messageId);

export interface OutboxExtras {
  /** Given when a retry must find the message an earlier attempt queued (an Idempotency-Key's). */
  messageId?: string;
  sealedToken?: string;
  /** The endpoint a webhook-disabled email is about. */
  webhookUrl?: string;
}

export function outboxItem(
  companyId: string,
  clientId: string,
  templateId: TemplateId,
  extras: string | OutboxExtras = {},
): Record<string, unknown> {
  const { messageId = newId("msg"), sealedToken } = typeof extras === "string" ? { messageId: extras } : extras;
  return messageItem({ messageId, companyId, clientId, templateId, ...(sealedToken ? { sealedToken } : {}) });
}

/** An email to a staff member. */
export function staffOutboxItem(
  companyId: string,
  staffId: string,
  templateId: TemplateId,
  { messageId = newId("msg"), sealedToken, webhookUrl }: OutboxExtras = {},
): Record<string, unknown> {
  return messageItem({
    messageId,
    companyId,
    clientId: "",
    staffId,
    templateId,
    ...(sealedToken ? { sealedToken } : {}),
    ...(webhookUrl ? { webhookUrl } : {}),
  });
}

function messageItem(
  fields: Pick<
    OutboxMessage,
    "messageId" | "companyId" | "clientId" | "staffId" | "templateId" | "sealedToken" | "webhookUrl"
  >,
): Record<string, unknown> {
  const now = new Date();
  // Every email, whatever queued it, carries the request that did: here, once, not at each call site.
  const message: OutboxMessage = {
    ...fields,
    ...requestIdAttribute(),
    status: "pending",
    attempts: 0,
    createdAt: now.toISOString(),
  };
  return {
    ...outboxKey(message),
    itemType: "outbox",
    ...message,
    // The stream delivers it within seconds; should that never happen, the sweep does after a lease.
    ...outboxDue(new Date(now.getTime() + config().mail.leaseSeconds * 1000)),
  };
}
