import { timeOrderedId } from "../domain/billing-ids";
import { publicClient } from "../domain/public-client";
import type { WebhookEvent, WebhookEventType } from "../domain/webhook";
import { type StoredClient, withoutStoreAttributes } from "../store/client-repository";

/*
 * The events the API announces, built where the change is decided and written
 * in the same transaction as the change (lib/store/webhook-event-repository.ts),
 * so no change goes unannounced and no event announces a change that failed.
 * Payloads are what staff see, minus encrypted custom values (they live only in
 * `encryptedFields`, which the view drops), and never a password or token.
 */

export function newEvent(
  companyId: string,
  type: WebhookEventType,
  object: Record<string, unknown>,
  previous?: Record<string, unknown>,
): WebhookEvent {
  const now = Date.now();
  return {
    // Time-ordered: the events partition and each endpoint's delivery log read newest first from the key.
    id: timeOrderedId("evt", now),
    type,
    createdAt: new Date(now).toISOString(),
    companyId,
    data: previous === undefined ? { object } : { object, previous },
  };
}

/** The client as staff see it, without encrypted custom values and what only the store uses. */
export function clientObject(stored: StoredClient): Record<string, unknown> {
  return publicClient(withoutStoreAttributes(stored)) as Record<string, unknown>;
}

/** Moved on every change, so never "a change" of their own. */
const BOOKKEEPING = new Set(["updatedAt", "version"]);

/**
 * The events a client rewrite announces: `client.status_changed` when the
 * status moved, `client.updated` when anything else staff see moved (or an
 * encrypted value did, which `previous` cannot show). A write that changes
 * nothing visible (sessions ended by a password reset) announces nothing.
 */
export function clientChangeEvents(before: StoredClient, after: StoredClient): WebhookEvent[] {
  const old = clientObject(before);
  const now = clientObject(after);
  const changed = Object.keys({ ...old, ...now }).filter(
    (name) => !BOOKKEEPING.has(name) && JSON.stringify(old[name]) !== JSON.stringify(now[name]),
  );
  const previousOf = (names: string[]) => Object.fromEntries(names.map((name) => [name, old[name] ?? null]));
  const events: WebhookEvent[] = [];
  if (changed.includes("status")) {
    events.push(newEvent(after.companyId, "client.status_changed", now, previousOf(["status"])));
  }
  const edited = changed.filter((name) => name !== "status");
  const sealedChanged =
    JSON.stringify(before.encryptedFields?.values ?? {}) !== JSON.stringify(after.encryptedFields?.values ?? {});
  if (edited.length > 0 || sealedChanged) {
    events.push(newEvent(after.companyId, "client.updated", now, previousOf(edited)));
  }
  return events;
}

/** A new client: `client.created`, and `signup.completed` too when the public signup made it. */
export function clientCreatedEvents(client: StoredClient, source: "staff" | "signup"): WebhookEvent[] {
  const object = clientObject(client);
  const events = [newEvent(client.companyId, "client.created", object)];
  if (source === "signup") events.push(newEvent(client.companyId, "signup.completed", object));
  return events;
}

export function clientDeletedEvent(client: StoredClient): WebhookEvent {
  return newEvent(client.companyId, "client.deleted", clientObject(client));
}

/** The client as it is after its personal data was erased: written in the transaction that erases it. */
export function clientAnonymisedEvent(after: StoredClient): WebhookEvent {
  return newEvent(after.companyId, "client.anonymised", clientObject(after));
}
