import { signIn, type Tokens } from "../identity/sign-in";
import { findUsernameOwner, getClientAccess } from "../store/client-repository";

/**
 * Client sign-in with the username people type (any case). It resolves to the
 * client, whose Cognito username is its id. Unknown usernames, wrong
 * passwords and clients that are not active all give null, so the caller
 * answers the same 401 and nobody learns which it was. The status is checked
 * here too because cognito-local lets disabled users sign in.
 */
export async function loginClient(username: string, password: string): Promise<Tokens | null> {
  const owner = await findUsernameOwner(username);
  if (!owner) return null;
  const access = await getClientAccess(owner.companyId, owner.clientId);
  if (access?.status !== "active") return null;
  return signIn("client", owner.clientId, password);
}
