import { writeIfClientActive } from "../store/client-repository";
import { TransactionConditionFailed } from "../store/errors";
import {
  dropPasswordResetRequest,
  fulfilPasswordResetRequest,
  type PasswordResetRequest,
  RESET_REQUEST_ITEM,
} from "../store/password-reset-request-repository";
import { findUsernameOwner } from "../store/username-repository";
import { tokenEmailItems } from "../tokens/token-emails";

/**
 * What became of a request: its email queued; dropped for want of an account (unknown username, or one of
 * another company than the one asked for) or of an active one; or found carried out by an earlier delivery.
 */
export type PasswordResetOutcome = "queued" | "no-account" | "not-active" | "already-done";

/**
 * Carries out an accepted client forgot-password request (lib/recovery/password-recovery.ts), off the
 * request path. The token, its email and the history event are written in one transaction that checks the
 * client is active and deletes the request while it still exists: a request delivered again (the stream
 * delivers at least once) finds it gone and queues no second email. Throws on any other failure, with
 * nothing written, for the stream to deliver it again.
 */
export async function carryOutPasswordResetRequest(request: PasswordResetRequest): Promise<PasswordResetOutcome> {
  const owner = await findUsernameOwner(request.username);
  if (!owner || (request.onlyCompanyId !== undefined && request.onlyCompanyId !== owner.companyId)) {
    await dropPasswordResetRequest(request.id);
    return "no-account";
  }
  const email = await tokenEmailItems({
    purpose: "password-reset",
    companyId: owner.companyId,
    audience: "client",
    subjectId: owner.clientId,
    templateId: "password-reset",
    actor: { type: "public", id: "" },
  });
  try {
    const written = await writeIfClientActive(owner.companyId, owner.clientId, [
      ...email,
      fulfilPasswordResetRequest(request.id),
    ]);
    if (written === "written") return "queued";
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.on(RESET_REQUEST_ITEM)) return "already-done";
    throw error;
  }
  await dropPasswordResetRequest(request.id);
  return "not-active";
}
