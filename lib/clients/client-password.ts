import { forgetClientAccess } from "../access/client-access";
import type { Actor } from "../domain/history";
import { InvalidInputError } from "../errors/application-errors";
import { isClientPassword, setClientPassword, signOutClientEverywhere } from "../identity/client-users";
import { loadEditableClient } from "./get-client";
import { historyEvent } from "./history-event";
import { nextVersion, nowSeconds, rewriteClient } from "./rewrite-client";

export interface SetPasswordCommand {
  companyId: string;
  clientId: string;
  actor: Actor;
  password: string;
}

/** Staff set a client's password (entered or generated); every session of the client ends. */
export async function resetClientPassword(command: SetPasswordCommand): Promise<void> {
  await loadEditableClient(command.companyId, command.clientId);
  await replacePassword(command);
}

/** A client changes their own password, proving the current one; every session ends, this one too. */
export async function changeOwnPassword(command: SetPasswordCommand & { currentPassword: string }): Promise<void> {
  await loadEditableClient(command.companyId, command.clientId);
  if (!(await isClientPassword(command.clientId, command.currentPassword))) {
    throw new InvalidInputError([{ path: "currentPassword", message: "This is not your current password." }]);
  }
  await replacePassword(command);
}

/**
 * Cognito first, then the record: a failure after Cognito leaves the new
 * password set but old sessions alive and no history, which the retry the
 * caller gets a 5xx for completes. The password itself is never stored or logged.
 */
export async function replacePassword({ companyId, clientId, actor, password }: SetPasswordCommand): Promise<void> {
  await setClientPassword(clientId, password);
  await rewriteClient(companyId, clientId, (before) => ({
    after: nextVersion(before, { sessionsNotBefore: nowSeconds() }),
    history: [historyEvent("password-changed", actor)],
  }));
  forgetClientAccess(companyId, clientId);
  await signOutClientEverywhere(clientId);
}
