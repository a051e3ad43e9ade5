import { createHash } from "node:crypto";
import { forgetStaffAccess } from "../access/staff-access";
import { replacePassword } from "../clients/client-password";
import { config } from "../config";
import type { Audience } from "../domain/audience";
import { newId } from "../domain/ids";
import type { StaffMember } from "../domain/staff";
import { ConflictError } from "../errors/application-errors";
import { setStaffPassword, signOutStaffEverywhere, staffUserSub } from "../identity/staff-users";
import { type AttemptCounter, enforceAttemptLimits, writeWithinAttemptLimits } from "../limits/attempt-limits";
import { sourceNetwork } from "../signup/rate-limiter";
import { staffHistoryEvent } from "../staff/staff-history";
import { getStoredClient } from "../store/client-repository";
import { findIdentity } from "../store/identity-repository";
import { keys } from "../store/keys";
import { passwordResetRequestPut } from "../store/password-reset-request-repository";
import { getStaffMember, writeStaffChange } from "../store/staff-repository";
import { consumeOneTimeToken, invalidToken } from "../tokens/one-time-tokens";
import { queueNothing, queueTokenEmail } from "../tokens/token-emails";

/**
 * Forgotten passwords, for clients and staff. Asking always gets the same answer, whether or not an active
 * account has that username. A client's request is accepted on the request path without looking at any
 * account (one transaction: the attempt counted, the request written) and carried out off it by the
 * password-reset worker on the table's stream (lib/recovery/password-reset-worker.ts), so neither the
 * answer nor its time can say whose username it is. A staff member's is looked up in Cognito and carried
 * out on the request, after the same work whoever asks. The email carries a single-use link
 * (lib/tokens/one-time-tokens.ts) valid 30 minutes; the newest link of a person is the only one that
 * works. Using it sets the password and ends every session of the account.
 */

/** The one answer to every forgot-password request, whoever the username belongs to. */
export const FORGOT_PASSWORD_ANSWER = {
  message: "If an active account has this username, an email with a link to choose a new password is on its way.",
} as const;

export interface ForgotPassword {
  username: string;
  /** Only this company's account is looked for, when given. */
  companyId?: string;
  /** As API Gateway reports it, never X-Forwarded-For. */
  sourceIp: string;
}

/** Never an id (ids have no `.`): the reads of an unknown staff username go here. */
const DECOY = "decoy.account";

/**
 * One round trip: the attempt counted on the limits' counters and the request written, in one
 * transaction; an attempt over a limit is refused (429) and writes nothing, so a refused flood costs no
 * KMS request and queues no work. The worker does the lookup, the token and the email.
 */
export async function forgotClientPassword({ username, companyId, sourceIp }: ForgotPassword): Promise<void> {
  const request = passwordResetRequestPut({
    id: newId("rst"),
    audience: "client",
    username,
    ...(companyId === undefined ? {} : { onlyCompanyId: companyId }),
    createdAt: new Date().toISOString(),
  });
  const { counters, windowSeconds } = recoveryLimits("client", username, sourceIp);
  await writeWithinAttemptLimits(counters, windowSeconds, [request]);
}

export async function forgotStaffPassword({ username, companyId, sourceIp }: ForgotPassword): Promise<void> {
  // After the limits, not beside them: the lookup asks Cognito, whose quotas a refused flood must not spend.
  await enforceRecoveryLimits("staff", username, sourceIp);
  const member = await staffMemberNamed(username);
  if (member?.status !== "active" || (companyId !== undefined && companyId !== member.companyId)) {
    return queueNothing();
  }
  await queueTokenEmail({
    purpose: "password-reset",
    companyId: member.companyId,
    audience: "staff",
    subjectId: member.id,
    templateId: "password-reset",
    actor: { type: "public", id: "" },
  });
}

/** A client's new password from a reset link: every session of the client ends. */
export async function resetClientPasswordWithToken(token: string, newPassword: string): Promise<void> {
  const used = await consumeOneTimeToken(token, { purposes: ["password-reset"], audience: "client" });
  const client = await getStoredClient(used.companyId, used.subjectId);
  if (!client || client.pending) throw invalidToken();
  await replacePassword({
    companyId: client.companyId,
    clientId: client.id,
    actor: { type: "public", id: "", username: client.username },
    password: newPassword,
  });
}

/**
 * A staff member's new password from a reset link, or their first one from an invitation link (which
 * makes an invited member active). Every session of the member ends.
 */
export async function resetStaffPasswordWithToken(token: string, newPassword: string): Promise<void> {
  const used = await consumeOneTimeToken(token, {
    purposes: ["password-reset", "staff-invitation"],
    audience: "staff",
  });
  const member = await getStaffMember(used.companyId, used.subjectId);
  const fits = used.purpose === "staff-invitation" ? member?.status === "invited" : member?.status === "active";
  if (!member || !fits) throw invalidToken();
  // Cognito first: a failure after it leaves the new password set, and the record is written by the retry
  // of a new link; the other order could make a member active without a password they know.
  await setStaffPassword(member.username, newPassword);
  await endStaffSessions(member);
  await signOutStaffEverywhere(member.username);
}

async function endStaffSessions(before: StaffMember): Promise<void> {
  for (let member: StaffMember | null = before, attempt = 0; member && attempt < 3; attempt++) {
    const after: StaffMember = {
      ...member,
      status: member.status === "invited" ? "active" : member.status,
      sessionsNotBefore: Math.floor(Date.now() / 1000),
      updatedAt: new Date().toISOString(),
      version: member.version + 1,
    };
    const history = [
      staffHistoryEvent(member.id, member.status === "invited" ? "activated" : "password-changed", {
        type: "staff",
        id: member.sub,
      }),
    ];
    // Through the staff team's one write path: activating an invited admin moves the active-admin count.
    if ((await writeStaffChange(config().staffPool.userPoolId, member, after, history)) === "written") {
      forgetStaffAccess(after.companyId, after.id);
      return;
    }
    member = await getStaffMember(before.companyId, before.id);
  }
  throw new ConflictError("The staff member is being changed by another request; retry.", "staff-busy");
}

/** The staff member whose sign-in username this is; the same reads whether or not there is one. */
async function staffMemberNamed(username: string): Promise<StaffMember | null> {
  const sub = await staffUserSub(username);
  const identity = await findIdentity(config().staffPool.userPoolId, sub ?? DECOY);
  const member = await getStaffMember(identity?.companyId ?? DECOY, identity?.staffId ?? DECOY);
  return sub && identity?.staffId ? member : null;
}

/**
 * Like signup's limits: every attempt counts against its source network and against the username it
 * probes (a digest: counters hold no readable name), across the whole installation.
 */
function recoveryLimits(
  audience: Audience,
  username: string,
  sourceIp: string,
): { counters: AttemptCounter[]; windowSeconds: number } {
  const { perIp, perEmail, windowSeconds } = config().signupLimits;
  const probed = createHash("sha256").update(`${audience}:${username.trim().toLowerCase()}`).digest("base64url");
  return {
    counters: [
      { key: keys.recoveryAttempts(`ip#${sourceNetwork(sourceIp)}`), limit: perIp },
      { key: keys.recoveryAttempts(`username#${probed}`), limit: perEmail },
    ],
    windowSeconds,
  };
}

async function enforceRecoveryLimits(audience: Audience, username: string, sourceIp: string): Promise<void> {
  const { counters, windowSeconds } = recoveryLimits(audience, username, sourceIp);
  await enforceAttemptLimits(counters, windowSeconds);
}
