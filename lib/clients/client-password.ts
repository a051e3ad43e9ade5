import { forgetClientAccess } from "../access/client-access";
import { config } from "../config";
import type { Actor } from "../domain/history";
import { InvalidInputError } from "../errors/application-errors";
import {
  createClientUser,
  disableClientUser,
  isClientPassword,
  setClientPassword,
  signOutClientEverywhere,
} from "../identity/client-users";
import type { StoredClient } from "../store/client-repository";
import { putIdentity } from "../store/identity-repository";
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
 * A client without a sign-in account yet (imported) gets it now, with this password.
 */
export async function replacePassword({ companyId, clientId, actor, password }: SetPasswordCommand): Promise<void> {
  const client = await loadEditableClient(companyId, clientId);
  if (client.signInDeferred) await openSignIn(client, password);
  else await setClientPassword(clientId, password);
  await rewriteClient(companyId, clientId, (before) => ({
    after: nextVersion(before, { sessionsNotBefore: nowSeconds(), signInDeferred: undefined }),
    history: [historyEvent("password-changed", actor)],
  }));
  forgetClientAccess(companyId, clientId);
  await signOutClientEverywhere(clientId);
}

/**
 * Creates the sign-in account of a client who had none, with its first
 * password, and the identity item that names the client for its tokens. Each
 * step can be repeated: until the record drops `signInDeferred` (the caller's
 * next write), a retry runs them all again and finds what the last one made.
 */
async function openSignIn(client: StoredClient, password: string): Promise<void> {
  const sub = await createClientUser(client.companyId, client.id, password);
  await putIdentity(config().clientPool.userPoolId, sub, { companyId: client.companyId, clientId: client.id });
  // The API refuses an inactive client's sign-ins by its status; Cognito agrees, as for every other client.
  if (client.status !== "active") await disableClientUser(client.id);
}
