import * as staff from "../lib/api/routes/staff";
import { actorOfStaff } from "../lib/domain/history";
import { createApiHandler } from "../lib/http/api-handler";
import { etagOf, expectedVersion } from "../lib/http/conditional";
import { accepted, created, noContent, ok } from "../lib/http/response";
import { bind } from "../lib/http/route";
import { disableMfa, startMfaEnrolment, verifyMfaEnrolment } from "../lib/mfa/staff-mfa";
import { staffHistoryPage } from "../lib/staff/staff-history";
import {
  changeOwnStaffPassword,
  inviteStaff,
  loadStaff,
  removeStaff,
  resendInvitation,
  staffPage,
  staffView,
  updateOwnProfile,
  updateStaff,
} from "../lib/staff/staff-team";

const versioned = <T extends { version: number }>(entity: T) => ok(entity, { etag: etagOf(entity.version) });

export const handler = createApiHandler([
  bind(staff.listStaff, async ({ auth, query }) => ok(await staffPage(auth.companyId, query))),
  bind(staff.inviteStaff, async ({ auth, body }) => {
    const member = await inviteStaff(auth.companyId, body, actorOfStaff(auth));
    return created(member, { etag: etagOf(member.version) });
  }),
  bind(staff.getStaff, async ({ auth, params }) =>
    versioned(staffView(await loadStaff(auth.companyId, params.staffId))),
  ),
  bind(staff.patchStaff, async ({ auth, params, body, headers }) =>
    versioned(
      await updateStaff(auth.companyId, params.staffId, body, expectedVersion(headers["if-match"]), actorOfStaff(auth)),
    ),
  ),
  bind(staff.deleteStaff, async ({ auth, params, headers }) => {
    await removeStaff(auth.companyId, params.staffId, expectedVersion(headers["if-match"]), actorOfStaff(auth));
    return noContent();
  }),
  bind(staff.resendStaffInvitation, async ({ auth, params }) => {
    await resendInvitation(auth.companyId, params.staffId, actorOfStaff(auth));
    return accepted();
  }),
  bind(staff.staffHistory, async ({ auth, params, query }) =>
    ok(await staffHistoryPage(auth.companyId, params.staffId, query)),
  ),

  bind(staff.getOwnStaffProfile, async ({ auth }) =>
    versioned(staffView(await loadStaff(auth.companyId, auth.staffId))),
  ),
  bind(staff.patchOwnStaffProfile, async ({ auth, body, headers }) =>
    versioned(
      await updateOwnProfile(
        auth.companyId,
        auth.staffId,
        body,
        expectedVersion(headers["if-match"]),
        actorOfStaff(auth),
      ),
    ),
  ),
  bind(staff.changeOwnStaffPassword, async ({ auth, body }) => {
    await changeOwnStaffPassword(
      auth.companyId,
      auth.staffId,
      body.currentPassword,
      body.newPassword,
      actorOfStaff(auth),
    );
    return noContent();
  }),
  bind(staff.startMfaEnrolment, async ({ auth }) => ok(await startMfaEnrolment(auth))),
  bind(staff.verifyMfaEnrolment, async ({ auth, body }) => {
    await verifyMfaEnrolment(auth, body.code);
    return noContent();
  }),
  bind(staff.disableMfa, async ({ auth, body }) => {
    await disableMfa(auth, body.code);
    return noContent();
  }),
]);
