import { GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { EncryptedFields } from "../crypto/field-encryption";
import type { Client } from "../domain/client";
import type { HistoryEvent } from "../domain/history";
import { db, tableName } from "./client";
import { indexWrites } from "./client-index";
import { isConditionFailure } from "./errors";
import { fromItem, isExpired, toItem } from "./items";
import { keys } from "./keys";
import type { TransactItem } from "./transact";

/** A client as stored: its secret field values sealed apart, and a lease while it is being created. */
export interface StoredClient extends Client {
  companyId: string;
  encryptedFields: EncryptedFields | null;
  /** Set from reservation until the sign-in account exists; such a client is not shown to anyone. */
  pending?: boolean;
  expiresAt?: number;
}

/** How long a reservation holds the username before a crashed create counts as abandoned. */
export const RESERVATION_SECONDS = 15 * 60;

const nowSeconds = () => Math.floor(Date.now() / 1000);

export async function getStoredClient(companyId: string, clientId: string): Promise<StoredClient | null> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.client(companyId, clientId), ConsistentRead: true }),
  );
  if (!Item || isExpired(Item)) return null;
  return fromItem<StoredClient>(Item);
}

export interface UsernameOwner {
  companyId: string;
  clientId: string;
}

export async function findUsernameOwner(username: string): Promise<UsernameOwner | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: keys.username(username) }));
  if (!Item || isExpired(Item)) return null;
  return { companyId: Item.companyId as string, clientId: Item.clientId as string };
}

function usernameItem(client: StoredClient, expiresAt?: number) {
  return {
    ...keys.username(client.username),
    itemType: "username",
    username: client.username,
    companyId: client.companyId,
    clientId: client.id,
    ...(expiresAt ? { expiresAt } : {}),
  };
}

/** Claims the username unless another live client holds it (an abandoned reservation's claim has expired). */
function claimUsername(client: StoredClient, expiresAt?: number): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: usernameItem(client, expiresAt),
      ConditionExpression: "attribute_not_exists(pk) OR clientId = :id OR expiresAt < :now",
      ExpressionAttributeValues: { ":id": client.id, ":now": nowSeconds() },
    },
  };
}

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
  const expiresAt = nowSeconds() + RESERVATION_SECONDS;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: toItem(keys.client(client.companyId, client.id), "client", { ...client, pending: true, expiresAt }),
              ConditionExpression: "attribute_not_exists(pk) OR pending = :true",
              ExpressionAttributeValues: { ":true": true },
            },
          },
          claimUsername(client, expiresAt),
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new UsernameTakenError();
    throw error;
  }
}

export interface FinalizeExtras {
  history: HistoryEvent[];
  /** Items written only when the create completes (outbox, identity). */
  puts: Record<string, unknown>[];
}

/**
 * Step 3 of a create: the client becomes live, with its history, outbox,
 * identity, group count and index entries, all or nothing. False when the
 * reservation is gone (abandoned and taken over).
 */
export async function finalizeClient(client: StoredClient, extras: FinalizeExtras): Promise<boolean> {
  const { pending: _p, expiresAt: _e, ...live } = client;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: toItem(keys.client(client.companyId, client.id), "client", live),
              ConditionExpression: "pending = :true",
              ExpressionAttributeValues: { ":true": true },
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: usernameItem(client),
              ConditionExpression: "clientId = :id",
              ExpressionAttributeValues: { ":id": client.id },
            },
          },
          groupCount(client.companyId, client.groupId, 1),
          ...extras.history.map((event) => historyPut(client.companyId, client.id, event)),
          ...extras.puts.map((Item) => ({ Put: { TableName: tableName(), Item } })),
          ...indexWrites(client.companyId, null, live),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Undoes a reservation that could not complete; a no-op when it is already gone or live. */
export async function discardReservation(client: StoredClient): Promise<void> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: tableName(),
              Key: keys.client(client.companyId, client.id),
              ConditionExpression: "pending = :true",
              ExpressionAttributeValues: { ":true": true },
            },
          },
          {
            Delete: {
              TableName: tableName(),
              Key: keys.username(client.username),
              ConditionExpression: "clientId = :id",
              ExpressionAttributeValues: { ":id": client.id },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

function groupCount(companyId: string, groupId: string, delta: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.group(companyId, groupId),
      UpdateExpression: "ADD clientCount :delta",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":delta": delta },
    },
  };
}

export function historyPut(companyId: string, clientId: string, event: HistoryEvent): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: toItem(keys.clientHistory(companyId, clientId, event.at, event.id), "history", event),
    },
  };
}

export class ClientWriteConflict extends Error {
  constructor(readonly reason: "version" | "username" | "group") {
    super(`client write conflict: ${reason}`);
    this.name = "ClientWriteConflict";
  }
}

/**
 * Replaces a live client still at `before.version`, moving its username and
 * group count when they change, with history and index entries: one transaction.
 */
export async function replaceClient(
  before: StoredClient,
  after: StoredClient,
  history: HistoryEvent[],
  extra: TransactItem[] = [],
): Promise<void> {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName(),
        Item: toItem(keys.client(after.companyId, after.id), "client", after),
        ConditionExpression: "version = :v AND attribute_not_exists(pending)",
        ExpressionAttributeValues: { ":v": before.version },
      },
    },
  ];
  const usernameMoves = before.username.toLowerCase() !== after.username.toLowerCase();
  if (usernameMoves) {
    items.push(claimUsername(after), {
      Delete: {
        TableName: tableName(),
        Key: keys.username(before.username),
        ConditionExpression: "clientId = :id",
        ExpressionAttributeValues: { ":id": before.id },
      },
    });
  } else if (before.username !== after.username) {
    items.push({ Put: { TableName: tableName(), Item: usernameItem(after) } });
  }
  const groupMoves = before.groupId !== after.groupId;
  if (groupMoves) {
    items.push(groupCount(after.companyId, before.groupId, -1), groupCount(after.companyId, after.groupId, 1));
  }
  items.push(
    ...history.map((event) => historyPut(after.companyId, after.id, event)),
    ...extra,
    ...indexWrites(after.companyId, before, after),
  );
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (reasons[0]?.Code === "ConditionalCheckFailed") throw new ClientWriteConflict("version");
    if (usernameMoves && reasons[1]?.Code === "ConditionalCheckFailed") throw new ClientWriteConflict("username");
    throw new ClientWriteConflict("group");
  }
}

export interface HistoryPage {
  events: HistoryEvent[];
  lastKey: Record<string, unknown> | undefined;
}

export async function queryHistory(
  companyId: string,
  clientId: string,
  limit: number,
  startKey?: Record<string, unknown>,
): Promise<HistoryPage> {
  const { pk, skPrefix } = keys.clientHistoryPrefix(companyId, clientId);
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": pk, ":prefix": skPrefix },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return { events: (page.Items ?? []).map((item) => fromItem<HistoryEvent>(item)), lastKey: page.LastEvaluatedKey };
}
