import { createHash, hkdfSync, randomBytes } from "node:crypto";
import { open, seal } from "../crypto/key-provider";
import type { Tokens } from "../identity/sign-in";
import {
  failMfaChallenge,
  getMfaChallenge,
  putMfaChallenge,
  takeMfaChallenge,
} from "../store/mfa-challenge-repository";
import { checkStaffCode } from "./staff-mfa";

/** How long a sign-in waits for its code. */
export const CHALLENGE_SECONDS = 5 * 60;
/** Wrong codes that end a challenge: sign in with the password again. */
export const CHALLENGE_ATTEMPTS = 5;

const hashOf = (session: string) => createHash("sha256").update(session).digest("base64url");
/** The key that seals the tokens comes from the session value itself, which is never stored. */
const keyOf = (session: string) =>
  Buffer.from(hkdfSync("sha256", Buffer.from(session, "base64url"), "clientele-mfa-challenge", "tokens", 32));

/**
 * The password was right and the member has MFA on: the tokens Cognito issued
 * are kept until the code comes, sealed with AES-256-GCM under a key derived
 * from a random 256-bit session value that only the caller gets. The table
 * holds the value's hash and the sealed tokens: neither a reader of the table
 * nor of the answer alone can use them, and the item expires in five minutes.
 */
export async function openMfaChallenge(companyId: string, staffId: string, tokens: Tokens): Promise<string> {
  const session = randomBytes(32).toString("base64url");
  const hash = hashOf(session);
  const sealedTokens = seal(keyOf(session), Buffer.from(JSON.stringify(tokens)), Buffer.from(hash));
  await putMfaChallenge(hash, { companyId, staffId, sealedTokens, failures: 0 }, CHALLENGE_SECONDS);
  return session;
}

export type ChallengeOutcome = { tokens: Tokens; companyId: string; staffId: string } | null;

/**
 * The tokens of a challenge whose code is right, once; null for an unknown,
 * expired or ended session and for a wrong code (the fifth ends the session).
 * The member-wide lock after five wrong codes in a row (RateLimitedError)
 * stops a password holder from opening challenge after challenge.
 */
export async function completeMfaChallenge(session: string, code: string): Promise<ChallengeOutcome> {
  const hash = hashOf(session);
  const challenge = await getMfaChallenge(hash);
  if (!challenge) return null;
  if (!(await checkStaffCode(challenge.companyId, challenge.staffId, "secret", code))) {
    await failMfaChallenge(hash, CHALLENGE_ATTEMPTS);
    return null;
  }
  if (!(await takeMfaChallenge(hash))) return null;
  const tokens = JSON.parse(open(keyOf(session), challenge.sealedTokens, Buffer.from(hash)).toString("utf8")) as Tokens;
  return { tokens, companyId: challenge.companyId, staffId: challenge.staffId };
}
