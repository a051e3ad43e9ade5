import { createHash, randomBytes } from "node:crypto";
import { historyEvent } from "../clients/history-event";
import type { TemplateId } from "../domain/email-template";
import type { Actor } from "../domain/history";
import { newId } from "../domain/ids";
import { historyPut } from "../store/client-history-repository";
import { keys } from "../store/keys";
import { outboxItem, staffOutboxItem } from "../store/outbox-items";
import { IS_NEW, type TransactItem, transactWrite, tx } from "../store/transact";
import { issueOneTimeToken, type TokenRequest } from "./one-time-tokens";
import { sealToken } from "./sealed-token";

export interface TokenEmail extends TokenRequest {
  templateId: TemplateId;
  /** Who asked for it, for the client's history (staff emails have no history here). */
  actor: Actor;
  /** The outbox message id an Idempotency-Key reserved, when a retry must find it. */
  messageId?: string;
}

/**
 * A one-time token and the email that carries its link, as plain table items (the token, the person's
 * latest-token item, the outbox item) to write in one transaction: the token is live exactly when its
 * email is queued. The outbox item holds the token sealed, never in clear.
 */
export async function tokenEmailRecords(
  email: Omit<TokenEmail, "actor">,
): Promise<{ outbox: Record<string, unknown>; token: Record<string, unknown>[] }> {
  const { token, records } = issueOneTimeToken(email);
  const messageId = email.messageId ?? newId("msg");
  const sealedToken = await sealToken(token, { companyId: email.companyId, messageId });
  const outbox =
    email.audience === "staff"
      ? staffOutboxItem(email.companyId, email.subjectId, email.templateId, { messageId, sealedToken })
      : outboxItem(email.companyId, email.subjectId, email.templateId, { messageId, sealedToken });
  return { outbox, token: records };
}

/** The same as transaction items, with the client's history event (staff emails have no history here). */
export async function tokenEmailItems(email: TokenEmail): Promise<TransactItem[]> {
  const { outbox, token } = await tokenEmailRecords(email);
  const items = [...token, outbox].map((item) => tx.put(item));
  if (email.audience === "staff") return items;
  return [
    ...items,
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
 * so that a request for an unknown or inactive staff member costs what a real one does.
 */
export async function queueNothing(): Promise<void> {
  const token = randomBytes(32).toString("base64url");
  await sealToken(token, { companyId: "decoy", messageId: newId("msg") });
  const hash = createHash("sha256").update(randomBytes(32)).digest("base64url");
  await transactWrite([tx.check(keys.oneTimeToken(hash), IS_NEW)]);
}
