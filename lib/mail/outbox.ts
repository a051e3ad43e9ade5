import { newId } from "../domain/ids";
import { keys } from "../store/keys";
import type { TemplateId } from "./default-templates";

export type OutboxStatus = "pending" | "sending" | "sent" | "failed";

/** A promise to send one email: written with the client, delivered by the mailer from the table's stream. */
export interface OutboxMessage {
  messageId: string;
  companyId: string;
  clientId: string;
  templateId: TemplateId;
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
}

export function outboxItem(companyId: string, clientId: string, templateId: TemplateId): Record<string, unknown> {
  const message: OutboxMessage = {
    messageId: newId("msg"),
    companyId,
    clientId,
    templateId,
    status: "pending",
    attempts: 0,
    createdAt: new Date().toISOString(),
  };
  return { ...keys.outbox(companyId, clientId, message.messageId), itemType: "outbox", ...message };
}
