import type { Actor } from "../domain/history";
import { NotFoundError } from "../errors/application-errors";
import { outboxItem } from "../store/outbox-items";
import { outboxMessageExists, queueClientEmail } from "../store/outbox-repository";
import { tx } from "../store/transact";
import { verificationEmailRecords } from "./email-verification";
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
  // While the address is unverified, the email carries a new verification link (the earlier one stops working).
  const { outbox, token } = client.emailVerified
    ? { outbox: outboxItem(companyId, clientId, "account-registration", messageId), token: [] }
    : await verificationEmailRecords(client, "account-registration", messageId);
  const queued = await queueClientEmail(
    client,
    outbox,
    historyEvent("email-queued", actor, { detail: "account-registration" }),
    token.map((item) => tx.put(item)),
  );
  if (queued || (await outboxMessageExists(companyId, clientId, messageId))) return;
  throw new NotFoundError("No client has this id.");
}
