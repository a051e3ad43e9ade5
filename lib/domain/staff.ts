import * as z from "zod";
import { EMAIL, USERNAME } from "./input-rules";
import { onFirstUse } from "./on-first-use";
import { STAFF_HISTORY_TYPES, STAFF_ROLES, STAFF_STATUSES } from "./staff-records";

export {
  isActiveAdmin,
  STAFF_HISTORY_TYPES,
  STAFF_ROLES,
  STAFF_STATUSES,
  type StaffHistoryEvent,
  type StaffHistoryType,
  type StaffMember,
  type StaffRole,
  type StaffStatus,
} from "./staff-records";

export const staffRoleSchema = onFirstUse(() => z.enum(STAFF_ROLES));

const emailSchemaForStaff = onFirstUse(() =>
  z.email({ pattern: EMAIL.pattern, error: "Not a valid email address." }).max(EMAIL.maxLength),
);
const staffNameSchema = onFirstUse(() => z.string().trim().min(1).max(200));
const staffUsernameSchema = onFirstUse(() =>
  z.string().min(USERNAME.minLength).max(USERNAME.maxLength).regex(USERNAME.pattern, USERNAME.message),
);

export const staffSchema = onFirstUse(() =>
  z
    .object({
      id: z.string(),
      username: z.string(),
      email: z.string(),
      name: z.string(),
      role: staffRoleSchema(),
      status: z.enum(STAFF_STATUSES),
      mfaEnabled: z.boolean(),
      createdAt: z.string(),
      updatedAt: z.string(),
      version: z.number().int(),
    })
    .meta({ id: "StaffMember" }),
);

export type StaffView = z.output<ReturnType<typeof staffSchema>>;

export const staffInviteSchema = onFirstUse(() =>
  z
    .strictObject({
      email: emailSchemaForStaff(),
      name: staffNameSchema(),
      role: staffRoleSchema(),
      username: staffUsernameSchema().optional().meta({ description: "Omitted: the email is the username." }),
    })
    .meta({ id: "StaffInvite" }),
);

export type StaffInvite = z.output<ReturnType<typeof staffInviteSchema>>;

export const staffPatchSchema = onFirstUse(() =>
  z
    .strictObject({
      name: staffNameSchema(),
      role: staffRoleSchema(),
      status: z.enum(["active", "disabled"]),
    })
    .partial()
    .meta({ id: "StaffPatch" }),
);

export type StaffPatch = z.output<ReturnType<typeof staffPatchSchema>>;

export const ownStaffPatchSchema = onFirstUse(() =>
  z.strictObject({ name: staffNameSchema(), email: emailSchemaForStaff() }).partial().meta({ id: "OwnStaffPatch" }),
);

export type OwnStaffPatch = z.output<ReturnType<typeof ownStaffPatchSchema>>;

export const staffHistoryEventSchema = onFirstUse(() =>
  z
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
    .meta({ id: "StaffHistoryEvent" }),
);
