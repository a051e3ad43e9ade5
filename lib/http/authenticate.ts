import { type AuthContext, type CallerRefusal, resolveCaller, startCallerLookup } from "../access/caller";
import { unverifiedClaims, verifyToken } from "../identity/token-verifier";
import type { FirstReadPlan } from "../store/request-reads";
import { HttpProblem, problems } from "./problem";
import type { RouteSpec } from "./route";

/**
 * Turns the Authorization header into the caller, and checks it against the
 * route's access: 401 for a missing or invalid token or an ended session,
 * 403 for the wrong audience or role. Who the caller is comes from the table
 * (lib/access/caller.ts), never from claims the user could have rewritten.
 * The table is read while the signature is checked; what was read counts
 * only once it is.
 */
export async function authenticate(
  { access, beforeMfa }: Pick<RouteSpec, "access" | "beforeMfa">,
  authorization: string | undefined,
  readsFirst?: (companyId: string) => FirstReadPlan,
): Promise<AuthContext | undefined> {
  if (access === "public") return undefined;
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!token) throw problems.unauthorized();
  const claimed = unverifiedClaims(token);
  const lookup = claimed ? startCallerLookup(claimed, readsFirst) : undefined;
  // One turn of the event loop: the lookup's request is sent before the signature check takes the CPU (on a
  // cold start, importing the key and verifying), which then runs while the table answers.
  if (lookup) await new Promise((resolve) => setImmediate(resolve));
  const verified = await verifyToken(token);
  if (!verified) throw problems.unauthorized("The token is invalid or expired. Sign in again or refresh it.");
  if (access === "client" && verified.audience !== "client") throw problems.forbidden("This route is for clients.");
  if (access !== "client" && verified.audience !== "staff") throw problems.forbidden("This route is for staff.");
  const resolution = await resolveCaller(verified, lookup);
  if ("refused" in resolution) throw refusal(resolution.refused);
  const auth = resolution.caller;
  if (access === "admin" && auth.audience === "staff" && auth.role !== "admin") {
    throw problems.forbidden("This action needs the admin role.");
  }
  if (auth.audience === "staff" && !auth.mfaEnabled && !beforeMfa && auth.companyRequiresMfa) {
    throw new HttpProblem(
      403,
      "mfa-required",
      "MFA required",
      "Your company requires MFA: set it up with POST /v1/staff/me/mfa, then POST /v1/staff/me/mfa/verify.",
    );
  }
  return auth;
}

function refusal(reason: CallerRefusal) {
  switch (reason) {
    case "unlinked":
      return problems.unauthorized("This account is not linked to a client.");
    case "not-staff":
      return problems.forbidden("This account is not an active member of any company's staff.");
    case "session-ended":
      return problems.unauthorized("This session has ended. Sign in again.");
    case "mfa-needed":
      return problems.unauthorized("This sign-in has not passed MFA. Sign in through the API with your code.");
  }
}
