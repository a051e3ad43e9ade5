import { resolveCaller, signInOf } from "../access/caller";
import type { Audience } from "../domain/audience";
import { REFRESH_TOKEN_DAYS } from "../identity/pools";
import { refresh, signIn, type Tokens } from "../identity/sign-in";
import { verifyToken } from "../identity/token-verifier";
import { completeMfaChallenge, openMfaChallenge } from "../mfa/mfa-challenge";
import { getClientAccess } from "../store/client-repository";
import { recordMfaSignIn } from "../store/mfa-sign-in-repository";
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

/** A staff sign-in's answer: the tokens, or, for a member with MFA on, the challenge their code must answer. */
export type StaffSignIn = Tokens | { challenge: "totp"; session: string };

/**
 * Staff sign-in; null for wrong credentials and for accounts with no active
 * staff record behind them. A member with MFA on gets a challenge instead of
 * the tokens: completeStaffMfa hands them over for the right code.
 */
export async function signInStaff(username: string, password: string): Promise<StaffSignIn | null> {
  const tokens = await signIn("staff", username, password);
  if (!tokens) return null;
  const verified = await verifyToken(tokens.idToken);
  if (verified?.audience !== "staff") return null;
  const resolution = await resolveCaller(verified);
  if ("refused" in resolution && resolution.refused === "mfa-needed") {
    const { companyId, staffId } = resolution.pending;
    return { challenge: "totp", session: await openMfaChallenge(companyId, staffId, tokens) };
  }
  return opened("staff", tokens);
}

/**
 * The second step of a staff sign-in with MFA: the tokens for the right code,
 * once; this sign-in is then recorded as one that passed MFA, so its tokens
 * (and their refreshes) are accepted. Null for a wrong code or session.
 */
export async function completeStaffMfa(session: string, code: string): Promise<Tokens | null> {
  const outcome = await completeMfaChallenge(session, code);
  if (!outcome) return null;
  const verified = await verifyToken(outcome.tokens.idToken);
  if (verified?.audience !== "staff") return null;
  await recordMfaSignIn(outcome.companyId, outcome.staffId, signInOf(verified.payload));
  return opened("staff", outcome.tokens);
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
  const asSignedIn = {
    ...verified,
    payload: { ...verified.payload, auth_time: session.issuedAt, event_id: session.eventId ?? "" },
  };
  const resolution = await resolveCaller(asSignedIn);
  if (!("caller" in resolution)) return null;
  const { caller } = resolution;
  if (caller.audience === "staff" && caller.mfaEnabled) {
    // The session was recorded after its code passed; Cognito may give the refreshed tokens a new sign-in event.
    await recordMfaSignIn(caller.companyId, caller.staffId, signInOf(verified.payload));
  }
  return tokens;
}

async function opened(audience: Audience, tokens: Tokens): Promise<Tokens | null> {
  const verified = await verifyToken(tokens.idToken);
  if (!verified || verified.audience !== audience) return null;
  const resolution = await resolveCaller(verified);
  if (!("caller" in resolution)) return null;
  const { authTime: issuedAt, eventId } = signInOf(verified.payload);
  await recordSession(
    tokens.refreshToken,
    { audience, sub: resolution.caller.sub, companyId: resolution.caller.companyId, issuedAt, eventId },
    REFRESH_TOKEN_DAYS * 86_400,
  );
  return tokens;
}
