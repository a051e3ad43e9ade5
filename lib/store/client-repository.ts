import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { EncryptedFields } from "../crypto/field-encryption";
import type { Client, ClientStatus } from "../domain/client";
import type { HistoryEvent } from "../domain/history";
import { ID_PATTERN } from "../domain/ids";
import type { WebhookEvent } from "../domain/webhook";
import { db, tableName } from "./client";
import { historyPut } from "./client-history-repository";
import { TransactionConditionFailed } from "./errors";
import { groupCountChange } from "./group-repository";
import { indexWrites } from "./indexing/index-entries";
import { fromItem, isExpired, toItem } from "./items";
import { type Key, keys } from "./keys";
import { batchGetItems, getEntity, getItem, type ReadOptions } from "./operations";
import { type NamedItem, named, type TransactItem, transactWrite, tx } from "./transact";
import { claimUsername, confirmUsername, releaseUsername } from "./username-repository";
import { eventPut } from "./webhook-event-repository";

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
  /**
   * No sign-in account (Cognito user, identity item) yet: an imported client,
   * who has no password until they reset it or staff set one, which opens it.
   */
  signInDeferred?: boolean;
}

/** The client without what only the store uses: every view and event payload starts from this. */
export function withoutStoreAttributes(stored: StoredClient): Client {
  const {
    companyId: _c,
    encryptedFields: _f,
    pending: _p,
    expiresAt: _e,
    deleting: _d,
    sessionsNotBefore: _s,
    signInDeferred: _i,
    ...client
  } = stored;
  return client;
}

export const clientItem = (client: StoredClient) => toItem(keys.client(client.companyId, client.id), "client", client);

/** The client, unless it does not exist or is being deleted. */
export async function getStoredClient(companyId: string, clientId: string): Promise<StoredClient | null> {
  const client = await getClientRecord(companyId, clientId);
  return client?.deleting ? null : client;
}

/** The client item's key for a route that reads it first (lib/http/route.ts `FirstReads`); none for a malformed id. */
export function clientRecordKeys(companyId: string, clientId: string | undefined): Key[] {
  return clientId !== undefined && ID_PATTERN.test(clientId) ? [keys.client(companyId, clientId)] : [];
}

/** The client item as it is, also while it is being deleted. */
export async function getClientRecord(
  companyId: string,
  clientId: string,
  options?: ReadOptions,
): Promise<StoredClient | null> {
  return getEntity<StoredClient>(keys.client(companyId, clientId), true, options);
}

/**
 * Writes the items in one transaction only while the client is live, confirmed and active, which that
 * same transaction checks (no read before it): "not-active" when the client is absent, pending, being
 * deleted, anonymised or not active, and then nothing is written. Any other failure throws.
 */
export async function writeIfClientActive(
  companyId: string,
  clientId: string,
  items: (TransactItem | NamedItem)[],
): Promise<"written" | "not-active"> {
  const check = tx.check(keys.client(companyId, clientId), {
    ConditionExpression:
      "attribute_exists(pk) AND attribute_not_exists(pending) AND attribute_not_exists(deleting) AND attribute_not_exists(anonymisedAt) AND #status = :active",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":active": "active" satisfies ClientStatus },
  });
  try {
    await transactWrite([named("client", check), ...items]);
    return "written";
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.onlyOn("client")) return "not-active";
    throw error;
  }
}

export interface ClientAccess {
  status: ClientStatus;
  sessionsNotBefore?: number;
}

/**
 * What decides whether the client's tokens are honoured; null when the client is not live. A small read,
 * except for the caller lookup, which reads (and keeps) the whole item for the client's own route to take.
 */
export async function getClientAccess(
  companyId: string,
  clientId: string,
  options: ReadOptions = {},
): Promise<ClientAccess | null> {
  const key = keys.client(companyId, clientId);
  const Item = options.keepForRequest
    ? await getItem(key, true, options)
    : (
        await db().send(
          new GetCommand({
            TableName: tableName(),
            Key: key,
            ProjectionExpression: "#status, sessionsNotBefore, pending, deleting, anonymisedAt, expiresAt",
            ExpressionAttributeNames: { "#status": "status" },
            ConsistentRead: true,
          }),
        )
      ).Item;
  if (!Item || isExpired(Item) || Item.pending || Item.deleting || Item.anonymisedAt) return null;
  const access: ClientAccess = { status: Item.status as ClientStatus };
  if (typeof Item.sessionsNotBefore === "number") access.sessionsNotBefore = Item.sessionsNotBefore;
  return access;
}

/** Why a client write lost: the client moved on, its new username is taken, or a group it names is gone. */
export class ClientWriteConflict extends Error {
  constructor(readonly reason: "version" | "username" | "group") {
    super(`client write conflict: ${reason}`);
    this.name = "ClientWriteConflict";
  }
}

/**
 * Replaces a live client still at `before.version`, moving its username and
 * group count when they change, with history, index entries and the webhook
 * events announcing it: one transaction.
 */
export async function replaceClient(
  before: StoredClient,
  after: StoredClient,
  history: HistoryEvent[],
  events: WebhookEvent[],
  /** More items of the same write (a verification email for a new address). */
  extra: TransactItem[] = [],
): Promise<void> {
  const co = after.companyId;
  const items: (TransactItem | NamedItem)[] = [
    named(
      "client",
      tx.put(clientItem(after), {
        ConditionExpression: "version = :v AND attribute_not_exists(pending)",
        ExpressionAttributeValues: { ":v": before.version },
      }),
    ),
  ];
  if (before.username.toLowerCase() !== after.username.toLowerCase()) {
    items.push(named("username", claimUsername(after)), named("old username", releaseUsername(before)));
  } else if (before.username !== after.username) {
    items.push(named("username", confirmUsername(after)));
  }
  if (before.groupId !== after.groupId) {
    items.push(
      named("old group", groupCountChange(co, before.groupId, -1)),
      named("group", groupCountChange(co, after.groupId, 1)),
    );
  }
  items.push(
    ...history.map((event) => historyPut(co, after.id, event)),
    ...events.map((event) => eventPut(event, after.id)),
    ...extra,
    ...indexWrites(co, before, after),
  );
  try {
    await transactWrite(items);
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    if (error.on("client") || error.on("old username")) throw new ClientWriteConflict("version");
    if (error.on("username")) throw new ClientWriteConflict("username");
    if (error.on("group") || error.on("old group")) throw new ClientWriteConflict("group");
    throw error;
  }
}

/** Live clients by id (absent, pending and deleting ones left out), in no particular order. */
export async function getStoredClients(companyId: string, clientIds: string[]): Promise<StoredClient[]> {
  const items = await batchGetItems(clientIds.map((id) => keys.client(companyId, id)));
  return items.filter((item) => !item.pending && !item.deleting).map((item) => fromItem<StoredClient>(item));
}

/** The client items at these ids (pending ones too, not those being deleted), by id: one batched read. */
export async function getClientsById(companyId: string, clientIds: string[]): Promise<Map<string, StoredClient>> {
  const items = await batchGetItems(clientIds.map((id) => keys.client(companyId, id)));
  const clients = items.filter((item) => !item.deleting).map((item) => fromItem<StoredClient>(item));
  return new Map(clients.map((client) => [client.id, client]));
}
