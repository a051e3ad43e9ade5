import { forgetStaffAccess } from "../access/staff-access";
import { config } from "../config";
import type { Actor } from "../domain/history";
import type {
  OwnStaffPatch,
  StaffHistoryEvent,
  StaffInvite,
  StaffMember,
  StaffPatch,
  StaffView,
} from "../domain/staff";
import { STAFF_VIEW_FIELDS } from "../domain/staff-records";
import { assertVersion } from "../domain/version";
import { ConflictError, InvalidInputError, NotFoundError, StaleVersionError } from "../errors/application-errors";
import { signIn } from "../identity/sign-in";
import {
  deleteStaffUser,
  moveStaffUserToGroup,
  StaffUsernameTakenError,
  setStaffPassword,
} from "../identity/staff-users";
import { type Page, type PageRequest, sortedPage } from "../paging/sorted-page";
import { getStaffMember, listStaffMembers, type StaffWriteOutcome, writeStaffChange } from "../store/staff-repository";
import type { TransactItem } from "../store/transact";
import { staffHistoryEvent } from "./staff-history";
import { invitationWrites } from "./staff-invitation";
import { addStaffMember } from "./staff-members";

const nowSeconds = () => Math.floor(Date.now() / 1000);
const notFound = () => new NotFoundError("No staff member has this id.");
const lastAdmin = () =>
  new ConflictError(
    "This is the company's last active admin: make another member an active admin first.",
    "last-admin",
  );

/** What the API shows of a member: never the subject, the sessions cut-off or the MFA secret. */
export function staffView(member: StaffMember): StaffView {
  const view: Record<string, unknown> = {};
  for (const key of STAFF_VIEW_FIELDS) view[key] = member[key as keyof StaffMember];
  return view as StaffView;
}

/** A member of the company that is not half-way through its removal; NotFoundError otherwise. */
export async function loadStaff(companyId: string, staffId: string): Promise<StaffMember> {
  const member = await getStaffMember(companyId, staffId);
  if (!member || member.removing) throw notFound();
  return member;
}

/** The company's staff by name, a page at a time (a team: tens of members, read whole). */
export async function staffPage(companyId: string, request: PageRequest): Promise<Page<StaffView>> {
  const members = (await listStaffMembers(companyId)).filter((m) => !m.removing).map(staffView);
  return sortedPage(members, (m) => [m.name, m.id], request, `staff|${companyId}`);
}

/** Invites a member: `invited` until they set their password through the emailed link. */
export async function inviteStaff(companyId: string, invite: StaffInvite, actor: Actor): Promise<StaffView> {
  try {
    const member = await addStaffMember({
      companyId,
      username: invite.username ?? invite.email,
      email: invite.email,
      name: invite.name,
      role: invite.role,
      actor,
    });
    return staffView(member);
  } catch (error) {
    if (error instanceof StaffUsernameTakenError) {
      throw new ConflictError("This username is taken.", "username-taken", [
        { path: invite.username ? "username" : "email", message: "This username is taken." },
      ]);
    }
    throw error;
  }
}

/**
 * Applies a change computed from the current record, retried on a lost race
 * unless the caller named the version (`If-Match`), and refused with
 * `last-admin` when it would leave the company without an active admin. The
 * member's existing tokens see it within the access cache's 5 s (this
 * instance at once).
 */
export async function changeStaffRecord(
  companyId: string,
  staffId: string,
  expected: number | undefined,
  change: (current: StaffMember) => {
    after: StaffMember | null;
    history: StaffHistoryEvent[];
    extra?: TransactItem[];
  } | null,
): Promise<{ before: StaffMember; after: StaffMember | null }> {
  for (let attempt = 0; ; attempt++) {
    const current = await loadStaff(companyId, staffId);
    assertVersion(expected, current.version);
    const planned = change(current);
    if (!planned) return { before: current, after: current };
    const outcome: StaffWriteOutcome = await writeStaffChange(
      config().staffPool.userPoolId,
      current,
      planned.after,
      planned.history,
      planned.extra,
    );
    if (outcome === "written") {
      forgetStaffAccess(companyId, staffId);
      return { before: current, after: planned.after };
    }
    if (outcome === "last-admin") throw lastAdmin();
    if (expected !== undefined || attempt >= 2) {
      throw new StaleVersionError("The staff member changed while you were editing them. Read again and retry.");
    }
  }
}

const touched = (member: StaffMember, changes: Partial<StaffMember>): StaffMember => ({
  ...member,
  ...changes,
  updatedAt: new Date().toISOString(),
  version: member.version + 1,
});

/**
 * An admin changes a member's name, role or status. Disabling ends every
 * session of the member (their tokens are refused, refresh fails), and
 * enabling again does not bring those sessions back. An invited member has
 * no status to change until they accept.
 */
export async function updateStaff(
  companyId: string,
  staffId: string,
  patch: StaffPatch,
  expected: number | undefined,
  actor: Actor,
): Promise<StaffView> {
  const { before, after } = await changeStaffRecord(companyId, staffId, expected, (current) => {
    if (patch.status && current.status === "invited") {
      throw new ConflictError(
        "An invited member becomes active by accepting the invitation; delete the invitation instead.",
        "staff-invited",
      );
    }
    const history: StaffHistoryEvent[] = [];
    const changes: Partial<StaffMember> = {};
    if (patch.name !== undefined && patch.name !== current.name) {
      changes.name = patch.name;
      history.push(staffHistoryEvent(staffId, "profile-changed", actor, { fields: ["name"] }));
    }
    if (patch.role !== undefined && patch.role !== current.role) {
      changes.role = patch.role;
      history.push(staffHistoryEvent(staffId, "role-changed", actor, { from: current.role, to: patch.role }));
    }
    if (patch.status !== undefined && patch.status !== current.status) {
      changes.status = patch.status;
      if (patch.status === "disabled") changes.sessionsNotBefore = nowSeconds();
      history.push(staffHistoryEvent(staffId, patch.status === "disabled" ? "disabled" : "enabled", actor));
    }
    if (history.length === 0) return null;
    return { after: touched(current, changes), history };
  });
  if (after && after.role !== before.role) await moveStaffUserToGroup(after.username, before.role, after.role);
  return staffView(after ?? before);
}

/**
 * Removes a member for good, safe to retry: (1) the record is marked as being
 * removed, which takes it off the active-admin count (refused with
 * `last-admin` for the last one) and ends its sessions; (2) the Cognito
 * account is deleted; (3) the record and its identity item go, with the
 * history event. A retry after a failure finds the mark and carries on.
 */
export async function removeStaff(
  companyId: string,
  staffId: string,
  expected: number | undefined,
  actor: Actor,
): Promise<void> {
  let member = await getStaffMember(companyId, staffId);
  if (!member) throw notFound();
  if (!member.removing) {
    const { after } = await changeStaffRecord(companyId, staffId, expected, (current) => ({
      after: touched(current, { removing: true, sessionsNotBefore: nowSeconds() }),
      history: [],
    }));
    member = after as StaffMember;
  }
  await deleteStaffUser(member.username);
  const outcome = await writeStaffChange(config().staffPool.userPoolId, member, null, [
    staffHistoryEvent(staffId, "deleted", actor),
  ]);
  if (outcome !== "written" && (await getStaffMember(companyId, staffId))) {
    throw new StaleVersionError("The staff member changed while being removed; send the DELETE again.");
  }
  forgetStaffAccess(companyId, staffId);
}

/** Queues the invitation again with a new link; the earlier links stop working. */
export async function resendInvitation(companyId: string, staffId: string, actor: Actor): Promise<void> {
  const member = await loadStaff(companyId, staffId);
  if (member.status !== "invited") {
    throw new ConflictError("This member has accepted their invitation already.", "not-invited");
  }
  const history = [staffHistoryEvent(staffId, "invitation-sent", actor)];
  const extra = await invitationWrites(member, actor);
  const outcome = await writeStaffChange(config().staffPool.userPoolId, member, touched(member, {}), history, extra);
  if (outcome !== "written") throw new StaleVersionError("The staff member changed meanwhile; send it again.");
}

/** A member changes their own name or email. */
export async function updateOwnProfile(
  companyId: string,
  staffId: string,
  patch: OwnStaffPatch,
  expected: number | undefined,
  actor: Actor,
): Promise<StaffView> {
  const { after, before } = await changeStaffRecord(companyId, staffId, expected, (current) => {
    const fields = (["name", "email"] as const).filter((f) => patch[f] !== undefined && patch[f] !== current[f]);
    if (fields.length === 0) return null;
    const changes = Object.fromEntries(fields.map((f) => [f, patch[f]]));
    return {
      after: touched(current, changes),
      history: [staffHistoryEvent(staffId, "profile-changed", actor, { fields })],
    };
  });
  return staffView(after ?? before);
}

/**
 * A member changes their own password, proving the current one: Cognito
 * first, then the record, whose cut-off ends every session, this one too.
 */
export async function changeOwnStaffPassword(
  companyId: string,
  staffId: string,
  currentPassword: string,
  newPassword: string,
  actor: Actor,
): Promise<void> {
  const member = await loadStaff(companyId, staffId);
  if (!(await signIn("staff", member.username, currentPassword))) {
    throw new InvalidInputError([{ path: "currentPassword", message: "This is not your current password." }]);
  }
  await setStaffPassword(member.username, newPassword);
  await changeStaffRecord(companyId, staffId, undefined, (current) => ({
    after: touched(current, { sessionsNotBefore: nowSeconds() }),
    history: [staffHistoryEvent(staffId, "password-changed", actor)],
  }));
}
