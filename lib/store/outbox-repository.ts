import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { HistoryEvent } from "../domain/history";
import { db, tableName } from "./client";
import { historyPut } from "./client-history-repository";
import type { StoredClient } from "./client-repository";
import { isConditionFailure } from "./errors";
import { keys } from "./keys";
import { conditionalWrite, queryAllByPrefix } from "./operations";
import { type OutboxMessage, outboxDue, outboxKey } from "./outbox-items";
import { OUTBOX_DUE_INDEX } from "./table";
import { IS_NEW, type TransactItem, transactWrite, tx } from "./transact";

export type MessageRef = Pick<OutboxMessage, "companyId" | "clientId" | "staffId" | "messageId">;

const keyOf = outboxKey;
/** Client emails are recorded in the client's history; staff emails have none here. */
const historyOf = (message: OutboxMessage, event: HistoryEvent) =>
  message.staffId ? [] : [historyPut(message.companyId, message.clientId, event)];
const DUE_NAMES = { "#duePartition": OUTBOX_DUE_INDEX.partitionKey, "#dueAt": OUTBOX_DUE_INDEX.sortKey };

/**
 * Claims a message for one delivery until `claimedUntil`: a pending message,
 * or one whose time in the outbox-due index has come (a claim that ran out, a
 * deferred retry that is due); so concurrent deliveries of one message send once.
 * Sent and failed messages have left the index and cannot be claimed.
 */
export async function claimMessage(message: MessageRef, now: Date, claimedUntil: Date): Promise<OutboxMessage | null> {
  const due = outboxDue(claimedUntil);
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keyOf(message),
        UpdateExpression: "SET #status = :sending, #duePartition = :partition, #dueAt = :until ADD attempts :one",
        ConditionExpression: "#status = :pending OR #dueAt <= :now",
        ExpressionAttributeNames: { "#status": "status", ...DUE_NAMES },
        ExpressionAttributeValues: {
          ":sending": "sending",
          ":pending": "pending",
          ":partition": due[OUTBOX_DUE_INDEX.partitionKey],
          ":until": due[OUTBOX_DUE_INDEX.sortKey],
          ":now": now.toISOString(),
          ":one": 1,
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return Attributes as OutboxMessage;
  } catch (error) {
    if (isConditionFailure(error)) return null;
    throw error;
  }
}

/** Marks a claimed message sent, with the history event, in one transaction; it leaves the due index. */
export async function markSent(message: OutboxMessage, sesMessageId: string, event: HistoryEvent): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName(),
            Key: keyOf(message),
            UpdateExpression:
              "SET #status = :sent, sentAt = :at, sesMessageId = :id REMOVE #duePartition, #dueAt, sealedToken",
            ConditionExpression: "#status = :sending",
            ExpressionAttributeNames: { "#status": "status", ...DUE_NAMES },
            ExpressionAttributeValues: { ":sent": "sent", ":sending": "sending", ":at": event.at, ":id": sesMessageId },
          },
        },
        ...historyOf(message, event),
      ],
    }),
  );
}

/**
 * A delivery that failed before SES took the email: the message waits in the due index until
 * `retryAt`, when the sweep delivers it again. Not `pending`, so the stream does not pick it up at once.
 */
export async function deferMessage(message: OutboxMessage, retryAt: Date, error: string): Promise<void> {
  const due = outboxDue(retryAt);
  await db()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keyOf(message),
        UpdateExpression: "SET #status = :deferred, lastError = :error, #dueAt = :retryAt",
        // Never recreate the item when the client's partition was purged meanwhile.
        ConditionExpression: "attribute_exists(pk) AND #status = :sending",
        ExpressionAttributeNames: { "#status": "status", "#dueAt": OUTBOX_DUE_INDEX.sortKey },
        ExpressionAttributeValues: {
          ":deferred": "deferred",
          ":sending": "sending",
          ":error": error,
          ":retryAt": due[OUTBOX_DUE_INDEX.sortKey],
        },
      }),
    )
    .catch((failure) => {
      if (!isConditionFailure(failure)) throw failure;
    });
}

/**
 * Gives a message up: it stays as a record (until the client's partition is deleted) and leaves the
 * due index. With an event, the client's history records it in the same transaction; none is written
 * for a client that is gone.
 */
export async function markUndeliverable(message: OutboxMessage, reason: string, event?: HistoryEvent): Promise<void> {
  const update = {
    TableName: tableName(),
    Key: keyOf(message),
    UpdateExpression: "SET #status = :failed, failure = :reason REMOVE #duePartition, #dueAt, sealedToken",
    ConditionExpression: "attribute_exists(pk)",
    ExpressionAttributeNames: { "#status": "status", ...DUE_NAMES },
    ExpressionAttributeValues: { ":failed": "failed", ":reason": reason },
  };
  const written: Promise<unknown> =
    event && !message.staffId
      ? db().send(
          new TransactWriteCommand({
            TransactItems: [{ Update: update }, ...historyOf(message, event)],
          }),
        )
      : db().send(new UpdateCommand(update));
  await written.catch((error) => {
    if (!isConditionFailure(error)) throw error;
  });
}

/** Unfinished messages whose time has come, oldest first: a page of the outbox-due index. */
export async function dueMessages(
  now: Date,
  limit: number,
  after?: Record<string, unknown>,
): Promise<{ messages: MessageRef[]; next?: Record<string, unknown>; oldestDueAt?: string }> {
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: OUTBOX_DUE_INDEX.indexName,
      KeyConditionExpression: "#duePartition = :partition AND #dueAt <= :now",
      ExpressionAttributeNames: DUE_NAMES,
      ExpressionAttributeValues: { ":partition": keys.outboxDuePartition(), ":now": now.toISOString() },
      Limit: limit,
      ExclusiveStartKey: after,
    }),
  );
  const messages = (page.Items ?? []).map(({ companyId, clientId, staffId, messageId }) => ({
    companyId: companyId as string,
    clientId: clientId as string,
    messageId: messageId as string,
    ...(typeof staffId === "string" ? { staffId } : {}),
  }));
  const oldestDueAt = page.Items?.[0]?.[OUTBOX_DUE_INDEX.sortKey];
  return { messages, next: page.LastEvaluatedKey, ...(typeof oldestDueAt === "string" ? { oldestDueAt } : {}) };
}

export async function getMessage(
  companyId: string,
  clientId: string,
  messageId: string,
): Promise<OutboxMessage | null> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.outbox(companyId, clientId, messageId), ConsistentRead: true }),
  );
  return (Item as OutboxMessage | undefined) ?? null;
}

/**
 * Queues an email for a live client with its history event; false when the
 * client is gone or being deleted, or a message with this id is queued already.
 */
export async function queueClientEmail(
  client: StoredClient,
  outbox: Record<string, unknown>,
  event: HistoryEvent,
  extra: TransactItem[] = [],
): Promise<boolean> {
  return conditionalWrite(
    transactWrite([
      tx.check(keys.client(client.companyId, client.id), {
        ConditionExpression:
          "attribute_exists(pk) AND attribute_not_exists(pending) AND attribute_not_exists(deleting)",
      }),
      tx.put(outbox, IS_NEW),
      historyPut(client.companyId, client.id, event),
      ...extra,
    ]),
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

/** Every email ever queued for the client (the partition holds them until the client is deleted). */
export function listClientMessages(companyId: string, clientId: string): Promise<OutboxMessage[]> {
  const { pk, skPrefix } = keys.outboxPrefix(companyId, clientId);
  return queryAllByPrefix<OutboxMessage>(pk, skPrefix);
}
