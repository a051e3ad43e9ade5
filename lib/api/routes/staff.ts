import * as z from "zod";
import { onFirstUse } from "../../domain/on-first-use";
import {
  ownStaffPatchSchema,
  staffHistoryEventSchema,
  staffInviteSchema,
  staffPatchSchema,
  staffSchema,
} from "../../domain/staff";
import { defineRoute } from "../../http/route";
import { errorResponses, idParam, pageOf, pageQuery, passwordChangeSchema } from "../common";

const staffParams = onFirstUse(() => z.object({ staffId: idParam() }));
const teamRoute = { lambda: "staff", tag: "Staff", access: "admin" } as const;
/** The member's own profile and MFA: any staff member, and open to those the company still wants to enrol. */
const ownRoute = { lambda: "staff", tag: "Staff", access: "staff", beforeMfa: true } as const;

const totpCode = onFirstUse(() =>
  z
    .string()
    .regex(/^\d{6}$/, "Six digits from the authenticator app.")
    .meta({ description: "The six-digit code the authenticator app shows now" }),
);
const mfaCodeBody = onFirstUse(() => z.strictObject({ code: totpCode() }).meta({ id: "MfaCode" }));

const listStaffQuery = onFirstUse(() => z.strictObject(pageQuery()));

export const listStaff = defineRoute({
  ...teamRoute,
  operationId: "listStaff",
  method: "GET",
  path: "/v1/staff",
  summary: "The company's staff members (admin)",
  description: "Every member of the company's staff by name: invited, active and disabled ones.",
  get query() {
    return listStaffQuery();
  },
  get responses() {
    return {
      200: { description: "A page of staff members", schema: pageOf(staffSchema(), "StaffPage") },
      ...errorResponses(400, 401, 403, 422),
    };
  },
});

export const inviteStaff = defineRoute({
  ...teamRoute,
  operationId: "inviteStaff",
  method: "POST",
  path: "/v1/staff",
  summary: "Invite a staff member by email (admin)",
  description:
    "Creates the member in status `invited` with a sign-in account nobody can use yet, and queues the company's " +
    "`staff-invitation` email with a link to `/staff/accept-invitation` (valid 72 h, single use) where they set " +
    "their password. The username defaults to the email; a taken one answers 409 `username-taken`.",
  get body() {
    return staffInviteSchema();
  },
  get responses() {
    return {
      201: { description: "The invited member", schema: staffSchema() },
      ...errorResponses(400, 401, 403, 409, 413, 415, 422),
    };
  },
});

export const getStaff = defineRoute({
  ...teamRoute,
  operationId: "getStaff",
  method: "GET",
  path: "/v1/staff/{staffId}",
  summary: "One staff member (admin)",
  description: "The member with an `ETag` of its version.",
  get params() {
    return staffParams();
  },
  get responses() {
    return { 200: { description: "The member", schema: staffSchema() }, ...errorResponses(401, 403, 404) };
  },
});

export const patchStaff = defineRoute({
  ...teamRoute,
  operationId: "patchStaff",
  method: "PATCH",
  path: "/v1/staff/{staffId}",
  summary: "Rename a member, change their role, disable or enable them (admin)",
  description:
    "Changes reach the member's existing tokens within 10 s. Disabling ends every session of the member " +
    "(enabling again does not revive them). The last active admin cannot be demoted or disabled (409 " +
    "`last-admin`); an invited member's status changes only by accepting (409 `staff-invited`). Send " +
    "`If-Match` to refuse a change to a newer version (412).",
  get params() {
    return staffParams();
  },
  get body() {
    return staffPatchSchema();
  },
  get responses() {
    return {
      200: { description: "The member", schema: staffSchema() },
      ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 422),
    };
  },
});

export const deleteStaff = defineRoute({
  ...teamRoute,
  operationId: "deleteStaff",
  method: "DELETE",
  path: "/v1/staff/{staffId}",
  summary: "Remove a staff member and their sign-in account (admin)",
  description:
    "Removes the member, their sign-in account and their link to it; their tokens stop working at once and " +
    "refresh fails. Their history stays. The last active admin cannot be deleted (409 `last-admin`). A retry " +
    "after a failure finishes the removal. Send `If-Match` to delete only the version you saw (412 otherwise).",
  get params() {
    return staffParams();
  },
  get responses() {
    return { 204: { description: "Removed" }, ...errorResponses(400, 401, 403, 404, 409, 412) };
  },
});

export const resendStaffInvitation = defineRoute({
  ...teamRoute,
  operationId: "resendStaffInvitation",
  method: "POST",
  path: "/v1/staff/{staffId}/invitation",
  summary: "Send the invitation email again with a new link (admin)",
  description:
    "Queues the invitation email again with a new single-use link valid 72 h. Only while the member is " +
    "`invited`: an accepted invitation answers 409 `not-invited`.",
  get params() {
    return staffParams();
  },
  get responses() {
    return { 202: { description: "Queued" }, ...errorResponses(401, 403, 404, 409) };
  },
});

const staffHistoryQuery = onFirstUse(() => z.strictObject(pageQuery()));

export const staffHistory = defineRoute({
  ...teamRoute,
  operationId: "getStaffHistory",
  method: "GET",
  path: "/v1/staff/{staffId}/history",
  summary: "Who invited, changed, disabled, enabled or deleted the member, and when (admin)",
  description:
    "The member's history, newest first: invitation, role changes, disabling and enabling, profile and " +
    "password changes, MFA on and off, removal. It stays readable after the member is deleted.",
  get params() {
    return staffParams();
  },
  get query() {
    return staffHistoryQuery();
  },
  get responses() {
    return {
      200: { description: "A page of events", schema: pageOf(staffHistoryEventSchema(), "StaffHistoryPage") },
      ...errorResponses(400, 401, 403, 404, 422),
    };
  },
});

export const getOwnStaffProfile = defineRoute({
  ...ownRoute,
  operationId: "getOwnStaffProfile",
  method: "GET",
  path: "/v1/staff/me",
  summary: "The signed-in staff member",
  description: "The caller's own staff record, with an `ETag`.",
  get responses() {
    return { 200: { description: "The member", schema: staffSchema() }, ...errorResponses(401, 403) };
  },
});

export const patchOwnStaffProfile = defineRoute({
  ...ownRoute,
  operationId: "patchOwnStaffProfile",
  method: "PATCH",
  path: "/v1/staff/me",
  summary: "Change one's own name or email",
  description: "Changes the caller's name or email. Send `If-Match` to refuse a change to a newer version (412).",
  get body() {
    return ownStaffPatchSchema();
  },
  get responses() {
    return {
      200: { description: "The member", schema: staffSchema() },
      ...errorResponses(400, 401, 403, 412, 413, 415, 422),
    };
  },
});

const staffPasswordChangeSchema = onFirstUse(() => passwordChangeSchema("StaffPasswordChange"));

export const changeOwnStaffPassword = defineRoute({
  ...ownRoute,
  operationId: "changeOwnStaffPassword",
  method: "POST",
  path: "/v1/staff/me/password",
  summary: "Change one's own password; every session ends, this one too",
  description:
    "Checks the current password (a wrong one answers 422 on `currentPassword`), sets the new one (12+ " +
    "characters with upper- and lower-case letters and a digit) and ends every session of the member.",
  get body() {
    return staffPasswordChangeSchema();
  },
  get responses() {
    return { 204: { description: "Changed" }, ...errorResponses(400, 401, 403, 413, 415, 422) };
  },
});

export const startMfaEnrolment = defineRoute({
  ...ownRoute,
  operationId: "startStaffMfaEnrolment",
  method: "POST",
  path: "/v1/staff/me/mfa",
  summary: "Start TOTP enrolment: a new secret for the authenticator app",
  description:
    "A new TOTP secret (SHA-1, 6 digits, 30 s) and its `otpauth://` URI for a QR code. MFA is on only after " +
    "`POST /v1/staff/me/mfa/verify` with a code from it; until then the previous state holds. With MFA on " +
    "already, turn it off first (409 `mfa-enabled`).",
  get responses() {
    return {
      200: {
        description: "The secret, shown once",
        schema: z.object({ secret: z.string(), otpauthUri: z.string() }).meta({ id: "MfaEnrolment" }),
      },
      ...errorResponses(401, 403, 409),
    };
  },
});

export const verifyMfaEnrolment = defineRoute({
  ...ownRoute,
  operationId: "verifyStaffMfaEnrolment",
  method: "POST",
  path: "/v1/staff/me/mfa/verify",
  summary: "Turn MFA on with a code from the new secret",
  description:
    "Turns MFA on when the code matches the secret of the enrolment started last. A wrong code answers 422 " +
    "on `code`; after five wrong codes the enrolment must start again. No enrolment started: 409 `no-mfa-enrolment`.",
  get body() {
    return mfaCodeBody();
  },
  get responses() {
    return { 204: { description: "MFA is on" }, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429) };
  },
});

export const disableMfa = defineRoute({
  ...ownRoute,
  operationId: "disableStaffMfa",
  method: "DELETE",
  path: "/v1/staff/me/mfa",
  summary: "Turn MFA off with a current code",
  description:
    "Turns MFA off, proven by a current code (a wrong one answers 422 on `code`; five wrong codes in a row " +
    "lock the checks for 15 minutes: 429). MFA not on: 409 `mfa-not-enabled`.",
  get body() {
    return mfaCodeBody();
  },
  get responses() {
    return { 204: { description: "MFA is off" }, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429) };
  },
});
