import { createHash, randomBytes } from "node:crypto";
import { historyEvent } from "../clients/history-event";
import type { TemplateId } from "../domain/email-template";
import type { Actor } from "../domain/history";
import { newId } from "../domain/ids";
import { historyPut } from "../store/client-history-repository";
import { keys } from "../store/keys";
import { outboxItem, staffOutboxItem } from "../store/outbox-items";
import { IS_NEW, type TransactItem, transactWrite, tx } from "../store/transact";
import { issueOneTimeToken, type TokenRequest } from "../tokens/one-time-tokens";
import { sealToken } from "../tokens/sealed-token";

export interface TokenEmail extends TokenRequest {
  templateId: TemplateId;
  /** Who asked for it, for the client's history (staff emails have no history here). */
  actor: Actor;
}

/**
 * A one-time token and the email that carries its link, as items of one transaction: the token is
 * live exactly when its email is queued. The outbox item holds the token sealed, never in clear.
 */
export async function tokenEmailItems(email: TokenEmail): Promise<TransactItem[]> {
  const { token, items } = issueOneTimeToken(email);
  const messageId = newId("msg");
  const sealedToken = await sealToken(token, { companyId: email.companyId, messageId });
  if (email.audience === "staff") {
    return [
      ...items,
      tx.put(staffOutboxItem(email.companyId, email.subjectId, email.templateId, { messageId, sealedToken })),
    ];
  }
  return [
    ...items,
    tx.put(outboxItem(email.companyId, email.subjectId, email.templateId, { messageId, sealedToken })),
    historyPut(
      email.companyId,
      email.subjectId,
      historyEvent("email-queued", email.actor, { detail: email.templateId }),
    ),
  ];
}

export async function queueTokenEmail(email: TokenEmail): Promise<void> {
  await transactWrite(await tokenEmailItems(email));
}

/**
 * The work of queueing a token email, for nobody: a token sealed and a transaction that writes nothing,
 * so that a request for an unknown or inactive account costs what a real one does.
 */
export async function queueNothing(): Promise<void> {
  const token = randomBytes(32).toString("base64url");
  await sealToken(token, { companyId: "decoy", messageId: newId("msg") });
  const hash = createHash("sha256").update(token).digest("base64url");
  await transactWrite([tx.check(keys.oneTimeToken(hash), IS_NEW)]);
}
