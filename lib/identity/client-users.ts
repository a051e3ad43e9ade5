import { config } from "../config";
import { logger } from "../observability/logger";
import { signIn } from "./sign-in";

/**
 * A client's sign-in account. Its Cognito username is the client id, which never
 * changes; the username people type is resolved to it through the table, so a
 * username can change without touching Cognito.
 */
const poolId = () => config().clientPool.userPoolId;

const isNotFound = (error: unknown) => (error as { name?: string }).name === "UserNotFoundException";

/** Creates the account with a permanent password; on a retry that finds it, sets the password again. Returns its subject. */
export async function createClientUser(companyId: string, clientId: string, password: string): Promise<string> {
  try {
    await (await import("./cognito/admin-create-user")).adminCreateUser({
      UserPoolId: poolId(),
      Username: clientId,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "custom:company", Value: companyId },
        { Name: "custom:clientId", Value: clientId },
      ],
    });
  } catch (error) {
    if ((error as { name?: string }).name !== "UsernameExistsException") throw error;
  }
  await setClientPassword(clientId, password);
  return clientSub(clientId) as Promise<string>;
}

export async function setClientPassword(clientId: string, password: string): Promise<void> {
  await (await import("./cognito/admin-set-user-password")).adminSetUserPassword({
    UserPoolId: poolId(),
    Username: clientId,
    Password: password,
    Permanent: true,
  });
}

export async function clientSub(clientId: string): Promise<string | null> {
  try {
    const user = await (await import("./cognito/admin-get-user")).adminGetUser({
      UserPoolId: poolId(),
      Username: clientId,
    });
    return user.UserAttributes?.find((a) => a.Name === "sub")?.Value ?? null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** Deletes the account; a no-op when it does not exist. */
export async function deleteClientUser(clientId: string): Promise<void> {
  try {
    await (await import("./cognito/admin-delete-user")).adminDeleteUser({ UserPoolId: poolId(), Username: clientId });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/** Stops the account from signing in (Cognito refuses its password and its refresh tokens); a no-op when there is none yet. */
export async function disableClientUser(clientId: string): Promise<void> {
  await ignoringMissing(
    (await import("./cognito/admin-disable-user")).adminDisableUser({ UserPoolId: poolId(), Username: clientId }),
  );
}

/** A no-op when the client has no account yet (an imported client gets it with their first password). */
export async function enableClientUser(clientId: string): Promise<void> {
  await ignoringMissing(
    (await import("./cognito/admin-enable-user")).adminEnableUser({ UserPoolId: poolId(), Username: clientId }),
  );
}

async function ignoringMissing(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/**
 * Revokes the account's refresh tokens, best effort: cognito-local does not
 * support it, and even in the cloud it leaves issued ID and access tokens
 * valid until they expire. The API's own check of the client's status and
 * session cut-off is what refuses those tokens; this only stops refreshes.
 */
export async function signOutClientEverywhere(clientId: string): Promise<void> {
  try {
    await (await import("./cognito/admin-user-global-sign-out")).adminUserGlobalSignOut({
      UserPoolId: poolId(),
      Username: clientId,
    });
  } catch (error) {
    logger.warn("global sign-out failed; the API's session check still refuses the old tokens", {
      clientId,
      error: (error as Error).name,
    });
  }
}

/** Whether the password is the account's current one: a real sign-in, so Cognito's lockout applies. */
export async function isClientPassword(clientId: string, password: string): Promise<boolean> {
  return (await signIn("client", clientId, password)) !== null;
}
