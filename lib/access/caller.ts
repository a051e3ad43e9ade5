import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import type { Audience } from "../domain/audience";
import { STAFF_ROLES, type StaffRole } from "../domain/staff-records";
import type { VerifiedToken } from "../identity/token-verifier";
import { clientMayUseApi } from "./client-access";
import { linkedIdentity } from "./identity-link";
import { companyRequiresStaffMfa, mfaSignInVouched, staffRecord } from "./staff-access";

export interface StaffAuth {
  audience: "staff";
  sub: string;
  username: string;
  companyId: string;
  staffId: string;
  role: StaffRole;
  mfaEnabled: boolean;
  /** The company's `requireStaffMfa`: a member without MFA may then only set it up. */
  companyRequiresMfa: boolean;
  /** The sign-in the token comes from: its time (epoch seconds) and Cognito's `event_id` for it. */
  signIn: SignInRef;
}

export interface SignInRef {
  authTime: number;
  eventId: string;
}

export interface ClientAuth {
  audience: "client";
  sub: string;
  username: string;
  companyId: string;
  clientId: string;
}

export type AuthContext = StaffAuth | ClientAuth;

/**
 * Why a validly signed token may not act: `unlinked`, its subject belongs to
 * no client; `not-staff`, no active staff record (or no staff group) stands
 * behind it; `session-ended`, the client is not active, or the sign-in came
 * before its sessions were ended; `mfa-needed`, the member has MFA on and this
 * sign-in has not passed its code through our MFA step (e.g. a password-only
 * sign-in straight against Cognito), `pending` says who it would be.
 */
export type CallerRefusal = "unlinked" | "not-staff" | "session-ended" | "mfa-needed";

export type CallerResolution =
  | { caller: AuthContext }
  | { refused: Exclude<CallerRefusal, "mfa-needed">; audience: Audience }
  | { refused: "mfa-needed"; audience: "staff"; pending: StaffAuth };

/**
 * Who a verified token's bearer is, from our table only: the identity item of
 * (pool, subject) names the company and the client or staff record, and that
 * record decides status and role. Nothing a user can write into their own
 * Cognito attributes (`custom:*` claims) is read. Reads are cached per
 * instance for ACCESS_CACHE_MS, so a change reaches every token within it.
 */
export async function resolveCaller({ audience, userPoolId, payload }: VerifiedToken): Promise<CallerResolution> {
  const sub = String(payload.sub);
  const authTime = Number(payload.auth_time ?? payload.iat ?? 0);
  const identity = await linkedIdentity(userPoolId, sub);
  if (audience === "staff") {
    // The company's MFA rule is read beside the member, not after: one round trip less at every cold start.
    const [member, companyRequiresMfa] = identity?.staffId
      ? await Promise.all([
          staffRecord(identity.companyId, identity.staffId),
          companyRequiresStaffMfa(identity.companyId),
        ])
      : [null, false];
    if (member?.status !== "active" || staffGroups(payload).length === 0) {
      return { refused: "not-staff", audience };
    }
    if (member.sessionsNotBefore !== undefined && authTime < member.sessionsNotBefore) {
      return { refused: "session-ended", audience };
    }
    const caller: StaffAuth = {
      audience,
      sub,
      username: member.username,
      companyId: member.companyId,
      staffId: member.id,
      role: member.role,
      mfaEnabled: member.mfaEnabled,
      companyRequiresMfa,
      signIn: signInOf(payload, authTime),
    };
    if (member.mfaEnabled && !(await mfaSignInVouched(member.companyId, member.id, caller.signIn))) {
      return { refused: "mfa-needed", audience, pending: caller };
    }
    return { caller };
  }
  if (!identity?.clientId) return { refused: "unlinked", audience };
  if (!(await clientMayUseApi(identity.companyId, identity.clientId, authTime))) {
    return { refused: "session-ended", audience };
  }
  const username = String(payload["cognito:username"] ?? payload.username ?? identity.clientId);
  return { caller: { audience, sub, username, companyId: identity.companyId, clientId: identity.clientId } };
}

/** The staff groups an administrator put the member in: a hint that must agree with the record, never a source. */
function staffGroups(payload: JwtPayload): StaffRole[] {
  const groups = payload["cognito:groups"];
  if (!Array.isArray(groups)) return [];
  return groups.filter((g): g is StaffRole => typeof g === "string" && (STAFF_ROLES as readonly string[]).includes(g));
}

/** The sign-in a token belongs to; the ID and access tokens of one sign-in share its `event_id`. */
export function signInOf(payload: JwtPayload, authTime = Number(payload.auth_time ?? payload.iat ?? 0)): SignInRef {
  return { authTime, eventId: String(payload.event_id ?? "") };
}
