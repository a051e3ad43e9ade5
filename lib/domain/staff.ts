import * as z from "zod";

export const STAFF_ROLES = ["admin", "staff"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_STATUSES = ["invited", "active", "disabled"] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];

export const staffRoleSchema = z.enum(STAFF_ROLES);

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
  createdAt: string;
  updatedAt: string;
  version: number;
}
