import { createHash } from "node:crypto";
import { config } from "../config";
import type { TemplateId } from "../domain/email-template";
import type { Actor } from "../domain/history";
import { enforceAttemptLimits } from "../limits/attempt-limits";
import { getStoredClient, type StoredClient } from "../store/client-repository";
import { keys } from "../store/keys";
import { transactWrite, tx } from "../store/transact";
import { consumeOneTimeToken, invalidToken } from "../tokens/one-time-tokens";
import { tokenEmailItems, tokenEmailRecords } from "../tokens/token-emails";
import { loadLiveClient } from "./get-client";
import { historyEvent } from "./history-event";
import { nextVersion, rewriteClient } from "./rewrite-client";

/**
 * A client's email address is verified by following a link sent to it (valid 7 days, single use). The token
 * names the address it was sent to, and only the latest link works, so a link sent to an earlier address
 * never verifies a later one. A changed address is unverified and gets its own link in the same write.
 */

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The address as a token holds it: hashed, so no token item keeps a personal value (erasure). */
export const addressHash = (address: string) =>
  createHash("sha256").update(address.trim().toLowerCase()).digest("base64url");

export const emailChanged = (before: StoredClient, after: StoredClient) => !sameAddress(before.email, after.email);

const verificationEmail = (client: StoredClient, templateId: TemplateId, messageId?: string) => ({
  purpose: "email-verification" as const,
  companyId: client.companyId,
  audience: "client" as const,
  subjectId: client.id,
  emailHash: addressHash(client.email),
  templateId,
  ...(messageId ? { messageId } : {}),
});

/** The verification token and the email carrying it (`account-registration` carries one too), as table items. */
export function verificationEmailRecords(client: StoredClient, templateId: TemplateId, messageId?: string) {
  return tokenEmailRecords(verificationEmail(client, templateId, messageId));
}

export function verificationEmailItems(client: StoredClient, actor: Actor) {
  return tokenEmailItems({ ...verificationEmail(client, "email-verification"), actor });
}

/** Marks the client's address verified, when the token was sent to the address the client has now. */
export async function verifyEmail(token: string): Promise<void> {
  const used = await consumeOneTimeToken(token, { purposes: ["email-verification"], audience: "client" });
  const client = await getStoredClient(used.companyId, used.subjectId);
  if (!client || client.pending || used.emailHash !== addressHash(client.email)) throw invalidToken();
  await rewriteClient(client.companyId, client.id, (before) =>
    before.emailVerified && addressHash(before.email) === used.emailHash
      ? null
      : {
          after: nextVersion(before, { emailVerified: true, emailVerifiedAt: new Date().toISOString() }),
          history: [
            historyEvent(
              "updated",
              { type: "client", id: "", username: before.username },
              { fields: ["emailVerified"] },
            ),
          ],
        },
  );
}

/**
 * Sends the verification email again (a new link; the earlier one stops working), unless the address is
 * verified already. Limited per client like email changes: each one is an email someone receives.
 */
export async function sendVerificationEmail(companyId: string, clientId: string, actor: Actor): Promise<void> {
  const { perClientEmailChanges, windowSeconds } = config().signupLimits;
  await enforceAttemptLimits(
    [{ key: keys.verificationEmails(companyId, clientId), limit: perClientEmailChanges }],
    windowSeconds,
  );
  const client = await loadLiveClient(companyId, clientId);
  if (client.emailVerified) return;
  await transactWrite([
    tx.check(keys.client(companyId, clientId), {
      ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(pending) AND attribute_not_exists(deleting)",
    }),
    ...(await verificationEmailItems(client, actor)),
  ]);
}
