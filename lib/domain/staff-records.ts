/**
 * The staff member's record, roles, statuses and history, apart from the
 * schemas of lib/domain/staff.ts: the caller check of every API function
 * needs the roles, and importing them from the schemas' module built those
 * schemas at each function's cold start.
 */
import type { Actor } from "./history";

export const STAFF_ROLES = ["admin", "staff"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_STATUSES = ["invited", "active", "disabled"] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];

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

/**
 * The fields of `staffHistoryEventSchema` (lib/domain/staff.ts) in its order, for the history's answers
 * without building the staff schemas where an event is only recorded; test/unit/domain.test.ts keeps it equal.
 */
export const STAFF_HISTORY_EVENT_FIELDS = ["id", "staffId", "type", "at", "actor", "fields", "from", "to"] as const;

/**
 * The fields of `staffSchema` (lib/domain/staff.ts) in its order: what the API shows of a member, without
 * building the staff schemas where a member is only read (sign-in, MFA); test/unit/domain.test.ts keeps it equal.
 */
export const STAFF_VIEW_FIELDS = [
  "id",
  "username",
  "email",
  "name",
  "role",
  "status",
  "mfaEnabled",
  "createdAt",
  "updatedAt",
  "version",
] as const;
