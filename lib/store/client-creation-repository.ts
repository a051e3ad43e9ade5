import type { HistoryEvent } from "../domain/history";
import type { WebhookEvent } from "../domain/webhook";
import { historyPut } from "./client-history-repository";
import { clientItem, type StoredClient } from "./client-repository";
import { isConditionFailure, TransactionConditionFailed } from "./errors";
import { groupCountChange } from "./group-repository";
import { indexWrites } from "./indexing/index-entries";
import { keys } from "./keys";
import { conditionalWrite } from "./operations";
import { named, transactWrite, tx } from "./transact";
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

/** A client to write live at once, with everything `finalizeClient` writes besides the group count. */
export interface ClientCreation {
  client: StoredClient;
  extras: FinalizeExtras;
}

/** DynamoDB's limit of items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

function creationItems({ client, extras }: ClientCreation) {
  const { pending: _p, expiresAt: _e, ...live } = client;
  return [
    named(`client:${client.id}`, tx.put(clientItem(live), { ConditionExpression: "attribute_not_exists(pk)" })),
    named(`username:${client.id}`, claimUsername(client)),
    ...extras.history.map((event) => historyPut(client.companyId, client.id, event)),
    ...extras.puts.map((item) => tx.put(item)),
    ...extras.events.map((event) => eventPut(event, client.id)),
    ...indexWrites(client.companyId, null, live),
  ];
}

export type CreationOutcome = { created: true } | { created: false; clientExists: boolean; usernameTaken: boolean };

/**
 * Creates without a sign-in account: with no Cognito step in between,
 * nothing needs reserving, so each client is written live at once with
 * everything `finalizeClient` writes, several clients in one transaction (one
 * count change per group). All or nothing: a crash leaves every client of it
 * or none, and a retry finds them. Not created when a client is already there
 * (an earlier attempt) or a username is held by another client.
 */
export async function createClientsAtOnce(creations: ClientCreation[]): Promise<CreationOutcome> {
  const perGroup = new Map<string, number>();
  for (const { client } of creations) perGroup.set(client.groupId, (perGroup.get(client.groupId) ?? 0) + 1);
  const companyId = creations[0]!.client.companyId;
  try {
    await transactWrite([
      ...creations.flatMap(creationItems),
      ...[...perGroup].map(([groupId, count]) => groupCountChange(companyId, groupId, count)),
    ]);
    return { created: true };
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    const failed = [...error.failed];
    return {
      created: false,
      clientExists: failed.some((name) => name.startsWith("client:")),
      usernameTaken: failed.some((name) => name.startsWith("username:")),
    };
  }
}

/** The entries in runs whose creations each fit one transaction, in their order. */
export function transactionsOf<T>(entries: T[], creationOf: (entry: T) => ClientCreation): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let items = 0;
  for (const creation of entries) {
    // Its own items and, at most, one more group count.
    const size = creationItems(creationOf(creation)).length + 1;
    if (run.length > 0 && items + size > MAX_TRANSACTION_ITEMS) {
      runs.push(run);
      run = [];
      items = 0;
    }
    run.push(creation);
    items += size;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Undoes a reservation that could not complete; a no-op when it is already gone or live. */
export async function discardReservation(client: StoredClient): Promise<void> {
  await conditionalWrite(
    transactWrite([tx.delete(keys.client(client.companyId, client.id), isPending), releaseUsername(client)]),
  );
}
