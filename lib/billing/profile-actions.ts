import type { ClientStatus } from "../domain/client";

/** Account actions the profile offers; each maps to one client route (status, delete, password, registration email). */
export type ProfileAction =
  | "activate"
  | "deactivate"
  | "markFraud"
  | "delete"
  | "resetPassword"
  | "resendRegistrationEmail";

/**
 * What applies to a client now: moves to the other statuses and delete
 * always; a password reset while the client may still sign in again (not for
 * fraud); the registration email only while the account can be used.
 */
const ACTIONS: Record<ClientStatus, ProfileAction[]> = {
  active: ["deactivate", "markFraud", "delete", "resetPassword", "resendRegistrationEmail"],
  inactive: ["activate", "markFraud", "delete", "resetPassword"],
  fraud: ["activate", "deactivate", "delete"],
};

export const profileActions = (status: ClientStatus): ProfileAction[] => ACTIONS[status];
