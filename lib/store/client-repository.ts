import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import type { EncryptedFields } from "../crypto/field-encryption";
import type { Client, ClientStatus } from "../domain/client";
import type { HistoryEvent } from "../domain/history";
import { db, tableName } from "./client";
import { isConditionFailure } from "./errors";
import { indexWrites } from "./indexing/index-entries";
import { fromItem, isExpired, toItem } from "./items";
import { keys } from "./keys";
import { conditionalWrite } from "./operations";
import { type TransactItem, tx } from "./transact";

/** A client as stored: its secret field values sealed apart, and a lease while it is being created. */
export interface StoredClient extends Client {
  companyId: string;
  encryptedFields: EncryptedFields | null;
  /** Set from reservation until the sign-in account exists; such a client is not shown to anyone. */
  pending?: boolean;
  expiresAt?: number;
  /** When a permanent delete began; from then on the client reads as absent, except to the delete that finishes it. */
  deleting?: string;
  /** Tokens authenticated before this epoch second are refused: set when the client's sessions are ended. */
  sessionsNotBefore?: number;
}

/** How long a reservation holds the username before a crashed create counts as abandoned. */
export const RESERVATION_SECONDS = 15 * 60;

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The client, unless it does not exist or is being deleted. */
export async function getStoredClient(companyId: string, clientId: string): Promise<StoredClient | null> {
  const client = await getClientRecord(companyId, clientId);
  return client?.deleting ? null : client;
}

/** The client item as it is, also while it is being deleted. */
export async function getClientRecord(companyId: string, clientId: string): Promise<StoredClient | null> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.client(companyId, clientId), ConsistentRead: true }),
  );
  if (!Item || isExpired(Item)) return null;
  return fromItem<StoredClient>(Item);
}

export interface ClientAccess {
  status: ClientStatus;
  sessionsNotBefore?: number;
}

/** What decides whether the client's tokens are honoured; null when the client is not live. A small read. */
export async function getClientAccess(companyId: string, clientId: string): Promise<ClientAccess | null> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.client(companyId, clientId),
      ProjectionExpression: "#status, sessionsNotBefore, pending, deleting, expiresAt",
      ExpressionAttributeNames: { "#status": "status" },
      ConsistentRead: true,
    }),
  );
  if (!Item || isExpired(Item) || Item.pending || Item.deleting) return null;
  const access: ClientAccess = { status: Item.status as ClientStatus };
  if (typeof Item.sessionsNotBefore === "number") access.sessionsNotBefore = Item.sessionsNotBefore;
  return access;
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
          tx.put(toItem(keys.client(client.companyId, client.id), "client", { ...client, pending: true, expiresAt }), {
            ConditionExpression: "attribute_not_exists(pk) OR pending = :true",
            ExpressionAttributeValues: { ":true": true },
          }),
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
  return conditionalWrite(
    db().send(
      new TransactWriteCommand({
        TransactItems: [
          tx.put(toItem(keys.client(client.companyId, client.id), "client", live), {
            ConditionExpression: "pending = :true",
            ExpressionAttributeValues: { ":true": true },
          }),
          tx.put(usernameItem(client), {
            ConditionExpression: "clientId = :id",
            ExpressionAttributeValues: { ":id": client.id },
          }),
          groupCount(client.companyId, client.groupId, 1),
          ...extras.history.map((event) => historyPut(client.companyId, client.id, event)),
          ...extras.puts.map((Item) => ({ Put: { TableName: tableName(), Item } })),
          ...indexWrites(client.companyId, null, live),
        ],
      }),
    ),
  );
}

/** Undoes a reservation that could not complete; a no-op when it is already gone or live. */
export async function discardReservation(client: StoredClient): Promise<void> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          tx.delete(keys.client(client.companyId, client.id), {
            ConditionExpression: "pending = :true",
            ExpressionAttributeValues: { ":true": true },
          }),
          tx.delete(keys.username(client.username), {
            ConditionExpression: "clientId = :id",
            ExpressionAttributeValues: { ":id": client.id },
          }),
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
    tx.put(toItem(keys.client(after.companyId, after.id), "client", after), {
      ConditionExpression: "version = :v AND attribute_not_exists(pending)",
      ExpressionAttributeValues: { ":v": before.version },
    }),
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

/**
 * Queues an email for a live client with its history event; false when the
 * client is gone or being deleted, or a message with this id is queued already.
 */
export async function queueClientEmail(
  client: StoredClient,
  outbox: Record<string, unknown>,
  event: HistoryEvent,
): Promise<boolean> {
  return conditionalWrite(
    db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: tableName(),
              Key: keys.client(client.companyId, client.id),
              ConditionExpression:
                "attribute_exists(pk) AND attribute_not_exists(pending) AND attribute_not_exists(deleting)",
            },
          },
          { Put: { TableName: tableName(), Item: outbox, ConditionExpression: "attribute_not_exists(pk)" } },
          historyPut(client.companyId, client.id, event),
        ],
      }),
    ),
  );
}

export async function outboxMessageExists(companyId: string, clientId: string, messageId: string): Promise<boolean> {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: keys.outbox(companyId, clientId, messageId),
      ProjectionExpression: "pk",
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
}

/**
 * Step 1 of a permanent delete, all or nothing: the client is marked
 * `deleting` (so it reads as absent and no edit can win against it, as its
 * version moves on), leaves its group's count and the browse and search
 * indexes. False when the client is no longer at `client.version` or is
 * already being deleted.
 */
export async function markClientDeleting(client: StoredClient): Promise<boolean> {
  return conditionalWrite(
    db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: keys.client(client.companyId, client.id),
              UpdateExpression: "SET deleting = :at, version = version + :one",
              ConditionExpression: "version = :v AND attribute_not_exists(pending) AND attribute_not_exists(deleting)",
              ExpressionAttributeValues: { ":at": new Date().toISOString(), ":one": 1, ":v": client.version },
            },
          },
          groupCount(client.companyId, client.groupId, -1),
          ...indexWrites(client.companyId, client, null),
        ],
      }),
    ),
  );
}

/** Removes the item that maps a client's Cognito subject to it; a no-op when it is gone. */
export async function deleteClientIdentity(userPoolId: string, sub: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.identity(userPoolId, sub) }));
}

const BATCH_WRITE_LIMIT = 25;
const BATCH_ATTEMPTS = 8;

/**
 * Deletes everything in the client's partition except the client item itself
 * (phones and custom values live in it; history, outbox, billing records and
 * the rest are items of their own). Passes repeat until one finds nothing, so
 * an item written meanwhile is not left behind.
 */
export async function purgeClientPartition(companyId: string, clientId: string): Promise<void> {
  const { pk } = keys.clientPartition(companyId, clientId);
  const profileSk = keys.client(companyId, clientId).sk;
  for (;;) {
    let found = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await db().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": pk },
          ProjectionExpression: "pk, sk",
          ExclusiveStartKey,
        }),
      );
      const doomed = (page.Items ?? []).filter((item) => item.sk !== profileSk);
      found += doomed.length;
      await batchDelete(doomed.map((item) => ({ pk: item.pk, sk: item.sk })));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    if (found === 0) return;
  }
}

async function batchDelete(itemKeys: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < itemKeys.length; start += BATCH_WRITE_LIMIT) {
    let requests = itemKeys.slice(start, start + BATCH_WRITE_LIMIT).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > BATCH_ATTEMPTS) throw new Error("DynamoDB kept some deletes unprocessed; retry the delete");
      if (attempt > 1) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const { UnprocessedItems } = await db().send(
        new BatchWriteCommand({ RequestItems: { [tableName()]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName()] ?? []) as typeof requests;
    }
  }
}

/**
 * The last step of a permanent delete: the username claim and the client item
 * go together, so the username is free exactly when nothing of the client is left.
 */
export async function removeClientRecord(client: StoredClient): Promise<void> {
  const profile = {
    TableName: tableName(),
    Key: keys.client(client.companyId, client.id),
    ConditionExpression: "attribute_exists(deleting)",
  };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          tx.delete(keys.username(client.username), {
            ConditionExpression: "attribute_not_exists(pk) OR clientId = :id",
            ExpressionAttributeValues: { ":id": client.id },
          }),
          { Delete: profile },
        ],
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // Either a concurrent delete finished first, or the username is claimed by someone else: the client item still goes.
    await db()
      .send(new DeleteCommand(profile))
      .catch((retryError) => {
        if (!isConditionFailure(retryError)) throw retryError;
      });
  }
}
