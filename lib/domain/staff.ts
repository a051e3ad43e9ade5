import * as z from "zod";
import type { Actor } from "./history";
import { EMAIL, USERNAME } from "./input-rules";

export const STAFF_ROLES = ["admin", "staff"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_STATUSES = ["invited", "active", "disabled"] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];

export const staffRoleSchema = z.enum(STAFF_ROLES);

const emailSchemaForStaff = z
  .email({ pattern: EMAIL.pattern, error: "Not a valid email address." })
  .max(EMAIL.maxLength);
const staffNameSchema = z.string().trim().min(1).max(200);
const staffUsernameSchema = z
  .string()
  .min(USERNAME.minLength)
  .max(USERNAME.maxLength)
  .regex(USERNAME.pattern, USERNAME.message);

/**
 * A member of a company's staff. The record in the table, not anything in the
 * member's Cognito tokens, decides their company, role and whether they may
 * use the API at all.
 */
export interface StaffMember {
  id: string;
  companyId: string;
  /** The Cognito subject of the member's sign-in account. */
  sub: string;
  username: string;
  email: string;
  name: string;
  role: StaffRole;
  status: StaffStatus;
  mfaEnabled: boolean;
  /** Epoch seconds: tokens from sign-ins before this are refused (password reset, removal). */
  sessionsNotBefore?: number;
  /** Set by the first step of a removal: the member is gone for everyone, and a retried DELETE finishes it. */
  removing?: true;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Counts for the last-admin rule: an active admin is one who can administer the company right now. */
export const isActiveAdmin = (member: Pick<StaffMember, "role" | "status" | "removing">) =>
  member.role === "admin" && member.status === "active" && !member.removing;

export const staffSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    email: z.string(),
    name: z.string(),
    role: staffRoleSchema,
    status: z.enum(STAFF_STATUSES),
    mfaEnabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "StaffMember" });

export type StaffView = z.output<typeof staffSchema>;

export const staffInviteSchema = z
  .strictObject({
    email: emailSchemaForStaff,
    name: staffNameSchema,
    role: staffRoleSchema,
    username: staffUsernameSchema.optional().meta({ description: "Omitted: the email is the username." }),
  })
  .meta({ id: "StaffInvite" });

export type StaffInvite = z.output<typeof staffInviteSchema>;

export const staffPatchSchema = z
  .strictObject({
    name: staffNameSchema,
    role: staffRoleSchema,
    status: z.enum(["active", "disabled"]),
  })
  .partial()
  .meta({ id: "StaffPatch" });

export type StaffPatch = z.output<typeof staffPatchSchema>;

export const ownStaffPatchSchema = z
  .strictObject({ name: staffNameSchema, email: emailSchemaForStaff })
  .partial()
  .meta({ id: "OwnStaffPatch" });

export type OwnStaffPatch = z.output<typeof ownStaffPatchSchema>;

export const STAFF_HISTORY_TYPES = [
  "invited",
  "invitation-sent",
  "activated",
  "role-changed",
  "disabled",
  "enabled",
  "profile-changed",
  "password-changed",
  "mfa-enabled",
  "mfa-disabled",
  "deleted",
] as const;
export type StaffHistoryType = (typeof STAFF_HISTORY_TYPES)[number];

/** Something that happened to a staff member, who did it and when; kept after the member is deleted. */
export interface StaffHistoryEvent {
  id: string;
  staffId: string;
  type: StaffHistoryType;
  at: string;
  actor: Actor;
  /** Names of the fields that changed (profile), never values of secrets. */
  fields?: string[];
  from?: string;
  to?: string;
}

export const staffHistoryEventSchema = z
  .object({
    id: z.string(),
    staffId: z.string(),
    type: z.enum(STAFF_HISTORY_TYPES),
    at: z.string(),
    actor: z.object({
      type: z.enum(["staff", "client", "public", "system"]),
      id: z.string(),
      username: z.string().optional(),
    }),
    fields: z.array(z.string()).optional(),
    from: z.string().optional(),
    to: z.string().optional(),
  })
  .meta({ id: "StaffHistoryEvent" });
