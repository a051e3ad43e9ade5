export type ActorType = "staff" | "client" | "public" | "system";

export interface Actor {
  type: ActorType;
  /** The staff member's or client's subject; empty for the public and the system. */
  id: string;
  username?: string;
}

/** The actor a staff caller's change is recorded under. */
export const actorOfStaff = (auth: { sub: string; username: string }): Actor => ({
  type: "staff",
  id: auth.sub,
  username: auth.username,
});

export type HistoryEventType =
  | "created"
  | "updated"
  | "status-changed"
  | "password-changed"
  | "email-queued"
  | "email-sent"
  | "email-undeliverable"
  | "marketing-changed"
  | "anonymised";

export interface HistoryEvent {
  id: string;
  type: HistoryEventType;
  at: string;
  actor: Actor;
  /** Names of the fields that changed, never their values. */
  fields?: string[];
  from?: string;
  to?: string;
  reason?: string;
  detail?: string;
}
