import type { StaffAuth } from "../access/caller";
import { forgetStaffAccess } from "../access/staff-access";
import { actorOfStaff } from "../domain/history";
import { ConflictError, InvalidInputError, RateLimitedError } from "../errors/application-errors";
import { staffHistoryEvent } from "../staff/staff-history";
import { changeStaffRecord, loadStaff } from "../staff/staff-team";
import { getCompany } from "../store/company-repository";
import { recordMfaSignIn } from "../store/mfa-sign-in-repository";
import {
  disableSecretItem,
  enableSecretItem,
  getStaffMfa,
  recordWrongCode,
  savePendingSecret,
  useTimeStep,
} from "../store/staff-mfa-repository";
import { matchingTimeStep, newTotpSecret, otpauthUri } from "./totp";
import { openTotpSecret, sealTotpSecret } from "./totp-secret";

/** After five wrong codes in a row, no code is checked for this long. */
const LOCK_SECONDS = 15 * 60;
const wrongCode = () => new InvalidInputError([{ path: "code", message: "This code is wrong or was used already." }]);

/**
 * Checks a code against the member's secret in use (or the one being
 * enrolled): right once per time step, never for a step older than the last
 * one used, and after five wrong codes in a row refused for 15 minutes
 * (RateLimitedError), across sign-ins, enrolment and disabling alike.
 */
export async function checkStaffCode(
  companyId: string,
  staffId: string,
  which: "secret" | "pending",
  code: string,
): Promise<boolean> {
  const record = await getStaffMfa(companyId, staffId);
  const nowSeconds = Math.floor(Date.now() / 1000);
  if (record?.lockedUntil !== undefined && record.lockedUntil > nowSeconds) {
    throw new RateLimitedError(record.lockedUntil - nowSeconds);
  }
  const sealed = record?.[which];
  if (!sealed) return false;
  const step = matchingTimeStep(await openTotpSecret(companyId, staffId, sealed), code);
  if (step !== null && (await useTimeStep(companyId, staffId, step))) return true;
  await recordWrongCode(companyId, staffId, nowSeconds + LOCK_SECONDS);
  return false;
}

/** A new secret for the authenticator app; MFA turns on only once a code from it is verified. */
export async function startMfaEnrolment(auth: StaffAuth): Promise<{ secret: string; otpauthUri: string }> {
  const member = await loadStaff(auth.companyId, auth.staffId);
  if (member.mfaEnabled) throw new ConflictError("MFA is on already; turn it off first.", "mfa-enabled");
  const secret = newTotpSecret();
  await savePendingSecret(auth.companyId, auth.staffId, await sealTotpSecret(auth.companyId, auth.staffId, secret));
  const issuer = (await getCompany(auth.companyId))?.name ?? "Clientele";
  return { secret, otpauthUri: otpauthUri(secret, issuer, member.username) };
}

/**
 * Turns MFA on with a code from the pending secret, in one transaction with
 * the member's record and history. The sign-in that proved the code keeps
 * working; any other sign-in of the member must now pass the code.
 */
export async function verifyMfaEnrolment(auth: StaffAuth, code: string): Promise<void> {
  const member = await loadStaff(auth.companyId, auth.staffId);
  if (member.mfaEnabled) throw new ConflictError("MFA is on already.", "mfa-enabled");
  const record = await getStaffMfa(auth.companyId, auth.staffId);
  const pending = record?.pending;
  if (!pending) throw new ConflictError("Start the enrolment first: POST /v1/staff/me/mfa.", "no-mfa-enrolment");
  if (!(await checkStaffCode(auth.companyId, auth.staffId, "pending", code))) throw wrongCode();
  await recordMfaSignIn(auth.companyId, auth.staffId, auth.signIn);
  await changeStaffRecord(auth.companyId, auth.staffId, undefined, (current) => ({
    after: { ...current, mfaEnabled: true, updatedAt: new Date().toISOString(), version: current.version + 1 },
    history: [staffHistoryEvent(auth.staffId, "mfa-enabled", actorOfStaff(auth))],
    extra: [enableSecretItem(auth.companyId, auth.staffId, pending)],
  }));
  forgetStaffAccess(auth.companyId, auth.staffId);
}

/** Turns MFA off, proven by a current code. */
export async function disableMfa(auth: StaffAuth, code: string): Promise<void> {
  const member = await loadStaff(auth.companyId, auth.staffId);
  if (!member.mfaEnabled) throw new ConflictError("MFA is not on.", "mfa-not-enabled");
  if (!(await checkStaffCode(auth.companyId, auth.staffId, "secret", code))) throw wrongCode();
  await changeStaffRecord(auth.companyId, auth.staffId, undefined, (current) => ({
    after: { ...current, mfaEnabled: false, updatedAt: new Date().toISOString(), version: current.version + 1 },
    history: [staffHistoryEvent(auth.staffId, "mfa-disabled", actorOfStaff(auth))],
    extra: [disableSecretItem(auth.companyId, auth.staffId)],
  }));
}
