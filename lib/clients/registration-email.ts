import type { Actor } from "../domain/history";
import { problems } from "../http/problem";
import { outboxItem } from "../mail/outbox";
import { queueClientEmail } from "../store/client-repository";
import { loadLiveClient } from "./get-client";
import { historyEvent } from "./history-event";

/**
 * Queues the account registration email again: the outbox item and its
 * history event in one transaction; the mailer delivers it from the stream.
 */
export async function resendRegistrationEmail(companyId: string, clientId: string, actor: Actor): Promise<void> {
  const client = await loadLiveClient(companyId, clientId);
  const queued = await queueClientEmail(
    client,
    outboxItem(companyId, clientId, "account-registration"),
    historyEvent("email-queued", actor, { detail: "account-registration" }),
  );
  if (!queued) throw problems.notFound("No client has this id.");
}
