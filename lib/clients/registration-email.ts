import type { Actor } from "../domain/history";
import { NotFoundError } from "../errors/application-errors";
import { outboxItem } from "../store/outbox-items";
import { outboxMessageExists, queueClientEmail } from "../store/outbox-repository";
import { loadEditableClient } from "./get-client";
import { historyEvent } from "./history-event";

/**
 * Queues the account registration email again: the outbox item and its
 * history event in one transaction; the mailer delivers it from the stream.
 * `messageId` is the id the Idempotency-Key reserved: a retry after a crash
 * that followed the write finds that message queued and queues no second one.
 */
export async function resendRegistrationEmail(
  companyId: string,
  clientId: string,
  actor: Actor,
  messageId: string,
): Promise<void> {
  const client = await loadEditableClient(companyId, clientId);
  const queued = await queueClientEmail(
    client,
    outboxItem(companyId, clientId, "account-registration", messageId),
    historyEvent("email-queued", actor, { detail: "account-registration" }),
  );
  if (queued || (await outboxMessageExists(companyId, clientId, messageId))) return;
  throw new NotFoundError("No client has this id.");
}
