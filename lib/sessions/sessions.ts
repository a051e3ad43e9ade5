import { resolveCaller } from "../access/caller";
import type { Audience } from "../domain/audience";
import { REFRESH_TOKEN_DAYS } from "../identity/pools";
import { refresh, signIn, type Tokens } from "../identity/sign-in";
import { verifyToken } from "../identity/token-verifier";
import { getClientAccess } from "../store/client-repository";
import { findSession, recordSession } from "../store/session-repository";
import { findUsernameOwner } from "../store/username-repository";

/**
 * Sign-in and refresh, with our own checks on top of Cognito's: the account
 * must resolve to an active client or staff member (lib/access/caller.ts),
 * and every session is recorded by its refresh token's hash, so a refresh is
 * refused once the account is deactivated or its sessions were ended after
 * the sign-in, on the local stack exactly as in the cloud.
 */

/** Never a client id (ids have no `.`): signing in as it does a wrong password's work. */
const DECOY_CLIENT = "decoy.client";

/**
 * Client sign-in with the username people type (any case), resolved to the
 * client, whose Cognito username is its id. Unknown usernames, wrong
 * passwords and clients that are not active all give null after the same
 * work (two reads and one Cognito sign-in), so neither the answer nor its
 * time tells which it was.
 */
export async function signInClient(username: string, password: string): Promise<Tokens | null> {
  const owner = await findUsernameOwner(username);
  const access = await getClientAccess(owner?.companyId ?? DECOY_CLIENT, owner?.clientId ?? DECOY_CLIENT);
  const signInAs = owner && access?.status === "active" ? owner.clientId : DECOY_CLIENT;
  const tokens = await signIn("client", signInAs, password);
  if (!tokens || signInAs === DECOY_CLIENT) return null;
  return opened("client", tokens);
}

/** Staff sign-in; null for wrong credentials and for accounts with no active staff record behind them. */
export async function signInStaff(username: string, password: string): Promise<Tokens | null> {
  const tokens = await signIn("staff", username, password);
  return tokens ? opened("staff", tokens) : null;
}

/** New tokens for a recorded session whose account may still use the API; null otherwise. */
export async function refreshSession(audience: Audience, refreshToken: string): Promise<Tokens | null> {
  const session = await findSession(refreshToken);
  if (!session || session.audience !== audience) return null;
  const tokens = await refresh(audience, refreshToken);
  if (!tokens) return null;
  const verified = await verifyToken(tokens.idToken);
  if (!verified || verified.audience !== audience || verified.payload.sub !== session.sub) return null;
  // The session's own sign-in time, not the refreshed token's: sessions ended since then stay ended.
  const asSignedIn = { ...verified, payload: { ...verified.payload, auth_time: session.issuedAt } };
  const resolution = await resolveCaller(asSignedIn);
  return "caller" in resolution ? tokens : null;
}

async function opened(audience: Audience, tokens: Tokens): Promise<Tokens | null> {
  const verified = await verifyToken(tokens.idToken);
  if (!verified || verified.audience !== audience) return null;
  const resolution = await resolveCaller(verified);
  if (!("caller" in resolution)) return null;
  const issuedAt = Number(verified.payload.auth_time ?? verified.payload.iat);
  await recordSession(
    tokens.refreshToken,
    { audience, sub: resolution.caller.sub, companyId: resolution.caller.companyId, issuedAt },
    REFRESH_TOKEN_DAYS * 86_400,
  );
  return tokens;
}
