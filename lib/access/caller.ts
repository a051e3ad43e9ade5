import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import type { CacheRead } from "../cache/ttl-cache";
import type { Audience } from "../domain/audience";
import { ID_PATTERN } from "../domain/ids";
import type { StaffMember } from "../domain/staff";
import { STAFF_ROLES, type StaffRole } from "../domain/staff-records";
import type { VerifiedToken } from "../identity/token-verifier";
import type { ClientAccess } from "../store/client-repository";
import type { IdentityRecord } from "../store/identity-repository";
import { ItemBatch } from "../store/item-batch";
import { getItem, startQueryForRequest } from "../store/operations";
import type { FirstReadPlan } from "../store/request-reads";
import { clientMayUseApi, readClientAccess } from "./client-access";
import { readLinkedIdentity } from "./identity-link";
import { mayHaveMfa, readCompanyMfaRule, readMfaVouch, readStaffRecord } from "./staff-access";

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
 * The reads for a token's bearer, started as soon as the token is decoded,
 * side by side with the check of its signature: the identity item of (pool,
 * subject) and the records the token's immutable custom claims point at
 * (`custom:company`, `custom:clientId`, `custom:staffId`, written once when the
 * account was created). Nothing is cached until resolveCaller has the verified
 * token; what a claim pointed at is used only where the identity item names
 * the same record.
 */
export interface CallerLookup {
  userPoolId: string;
  sub: string;
  reads: Promise<EarlyReads>;
}

interface EarlyReads {
  identity: CacheRead<IdentityRecord | null>;
  client?: { companyId: string; clientId: string; access: CacheRead<ClientAccess | null> };
  staff?: {
    companyId: string;
    staffId?: string;
    member?: CacheRead<StaffMember | null>;
    mfaRule: CacheRead<boolean>;
    /** Whether this sign-in passed our MFA step: asked beside the member unless it is known to have MFA off. */
    vouch?: CacheRead<boolean> | undefined;
  };
}

/**
 * Starts the reads for a decoded, not yet verified token (lib/identity/token-verifier.ts `unverifiedClaims`),
 * with the items the route reads first under the company the token names (lib/http/route.ts `FirstReads`):
 * those are only kept for this request, where the route's read of the same key takes them.
 */
export function startCallerLookup(
  { audience, userPoolId, payload }: VerifiedToken,
  readsFirst?: (companyId: string) => FirstReadPlan,
): CallerLookup {
  const sub = String(payload.sub);
  const companyId = hint(payload, "custom:company");
  const recordId = hint(payload, audience === "staff" ? "custom:staffId" : "custom:clientId");
  // What the caches do not hold goes out in one request; the route's first queries beside it.
  const together = new ItemBatch();
  const { items = [], queries = [] } = companyId && readsFirst ? readsFirst(companyId) : {};
  for (const key of items) {
    // Not awaited: the route reads the item itself when this read failed.
    getItem(key, true, { together, keepForRequest: true }).catch(() => undefined);
  }
  for (const query of queries) startQueryForRequest(query);
  const reads = (async (): Promise<EarlyReads> => {
    if (!companyId) return { identity: await readLinkedIdentity(userPoolId, sub) };
    if (audience === "client") {
      if (!recordId) return { identity: await readLinkedIdentity(userPoolId, sub) };
      const [identity, access] = await Promise.all([
        readLinkedIdentity(userPoolId, sub, together),
        readClientAccess(companyId, recordId, together),
      ]);
      return { identity, client: { companyId, clientId: recordId, access } };
    }
    const [identity, mfaRule, member, vouch] = await Promise.all([
      readLinkedIdentity(userPoolId, sub, together),
      readCompanyMfaRule(companyId, together),
      recordId ? readStaffRecord(companyId, recordId, together) : undefined,
      recordId && mayHaveMfa(companyId, recordId)
        ? readMfaVouch(companyId, recordId, signInOf(payload), together)
        : undefined,
    ]);
    const hinted = recordId && member ? { staffId: recordId, member, vouch } : {};
    return { identity, staff: { companyId, ...hinted, mfaRule } };
  })();
  // A refused token's reads are never awaited: their failure must not surface as an unhandled rejection.
  reads.catch(() => undefined);
  return { userPoolId, sub, reads };
}

/**
 * Who a verified token's bearer is, from our table only: the identity item of
 * (pool, subject) names the company and the client or staff record, and that
 * record decides status and role. The token's claims only say where to look
 * first (startCallerLookup): a claim that disagrees with the identity item costs
 * a second round trip, never access. Reads are cached per instance for
 * ACCESS_CACHE_MS, so a change reaches every token within it.
 */
export async function resolveCaller(verified: VerifiedToken, lookup?: CallerLookup): Promise<CallerResolution> {
  const { audience, userPoolId, payload } = verified;
  const sub = String(payload.sub);
  const authTime = Number(payload.auth_time ?? payload.iat ?? 0);
  const early = lookup?.userPoolId === userPoolId && lookup.sub === sub ? await lookup.reads : undefined;
  const identity = kept(early?.identity ?? (await readLinkedIdentity(userPoolId, sub)));
  if (audience === "staff") {
    const hinted = early?.staff?.companyId === identity?.companyId ? early?.staff : undefined;
    const together = new ItemBatch();
    const sameMember = hinted?.staffId !== undefined && hinted.staffId === identity?.staffId;
    const [member, companyRequiresMfa] = identity?.staffId
      ? await Promise.all([
          keptRead(
            sameMember && hinted.member
              ? hinted.member
              : readStaffRecord(identity.companyId, identity.staffId, together),
          ),
          keptRead(hinted?.mfaRule ?? readCompanyMfaRule(identity.companyId, together)),
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
    const vouched = async () =>
      keptRead((sameMember && hinted.vouch) || readMfaVouch(member.companyId, member.id, caller.signIn));
    if (member.mfaEnabled && !(await vouched())) {
      return { refused: "mfa-needed", audience, pending: caller };
    }
    return { caller };
  }
  if (!identity?.clientId) return { refused: "unlinked", audience };
  const hinted = early?.client;
  const sameRecord = hinted?.companyId === identity.companyId && hinted.clientId === identity.clientId;
  const access = await keptRead(sameRecord ? hinted.access : readClientAccess(identity.companyId, identity.clientId));
  if (!clientMayUseApi(access, authTime)) return { refused: "session-ended", audience };
  const username = String(payload["cognito:username"] ?? payload.username ?? identity.clientId);
  return { caller: { audience, sub, username, companyId: identity.companyId, clientId: identity.clientId } };
}

/** A read is cached once it serves a verified token. */
function kept<T>(read: CacheRead<T>): T {
  read.keep();
  return read.value;
}

async function keptRead<T>(read: CacheRead<T> | Promise<CacheRead<T>>): Promise<T> {
  return kept(await read);
}

/** A custom claim that can name a record: an id, or nothing (a claim is a hint to check, never a source). */
function hint(payload: JwtPayload, claim: string): string | undefined {
  const value = payload[claim];
  return typeof value === "string" && ID_PATTERN.test(value) ? value : undefined;
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
