import type { HistoryEvent } from "../domain/history";
import type { WebhookEvent } from "../domain/webhook";
import { historyPut } from "./client-history-repository";
import { clientItem, type StoredClient } from "./client-repository";
import { isConditionFailure } from "./errors";
import { groupCountChange } from "./group-repository";
import { indexWrites } from "./indexing/index-entries";
import { keys } from "./keys";
import { conditionalWrite } from "./operations";
import { transactWrite, tx } from "./transact";
import { claimUsername, confirmUsername, releaseUsername } from "./username-repository";
import { eventPut } from "./webhook-event-repository";

/*
 * A client is created in three steps so that a crash at any point leaves
 * nothing a retry cannot finish or undo: reserve (the client, pending, and
 * its username), then the Cognito user (outside the table), then finalize.
 */

/** How long a reservation holds the username before a crashed create counts as abandoned. */
export const RESERVATION_SECONDS = 15 * 60;

const isPending = { ConditionExpression: "pending = :true", ExpressionAttributeValues: { ":true": true } };

export class UsernameTakenError extends Error {
  constructor() {
    super("username taken");
    this.name = "UsernameTakenError";
  }
}

/**
 * Step 1 of a create: the client, marked pending with a lease, and its
 * username, in one transaction. Throws UsernameTakenError when it is taken.
 */
export async function reserveClient(client: StoredClient): Promise<void> {
  const expiresAt = Math.floor(Date.now() / 1000) + RESERVATION_SECONDS;
  try {
    await transactWrite([
      tx.put(clientItem({ ...client, pending: true, expiresAt }), {
        ConditionExpression: `attribute_not_exists(pk) OR ${isPending.ConditionExpression}`,
        ExpressionAttributeValues: isPending.ExpressionAttributeValues,
      }),
      claimUsername(client, expiresAt),
    ]);
  } catch (error) {
    if (isConditionFailure(error)) throw new UsernameTakenError();
    throw error;
  }
}

export interface FinalizeExtras {
  history: HistoryEvent[];
  /** Items written only when the create completes (outbox, identity). */
  puts: Record<string, unknown>[];
  /** The webhook events announcing the new client. */
  events: WebhookEvent[];
}

/**
 * Step 3 of a create: the client becomes live, with its history, outbox,
 * identity, group count, index entries and webhook events, all or nothing. False when the
 * reservation is gone (abandoned and taken over).
 */
export async function finalizeClient(client: StoredClient, extras: FinalizeExtras): Promise<boolean> {
  const { pending: _p, expiresAt: _e, ...live } = client;
  return conditionalWrite(
    transactWrite([
      tx.put(clientItem(live), isPending),
      confirmUsername(client),
      groupCountChange(client.companyId, client.groupId, 1),
      ...extras.history.map((event) => historyPut(client.companyId, client.id, event)),
      ...extras.puts.map((item) => tx.put(item)),
      ...extras.events.map((event) => eventPut(event, client.id)),
      ...indexWrites(client.companyId, null, live),
    ]),
  );
}

/** Undoes a reservation that could not complete; a no-op when it is already gone or live. */
export async function discardReservation(client: StoredClient): Promise<void> {
  await conditionalWrite(
    transactWrite([tx.delete(keys.client(client.companyId, client.id), isPending), releaseUsername(client)]),
  );
}
