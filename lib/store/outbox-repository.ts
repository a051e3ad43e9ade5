import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { HistoryEvent } from "../domain/history";
import type { OutboxMessage } from "../mail/outbox";
import { db, tableName } from "./client";
import { historyPut } from "./client-repository";
import { isConditionFailure } from "./errors";
import { keys } from "./keys";

const CLAIM_SECONDS = 120;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const keyOf = (m: Pick<OutboxMessage, "companyId" | "clientId" | "messageId">) =>
  keys.outbox(m.companyId, m.clientId, m.messageId);

/**
 * Claims a message for sending: only a pending message, or one whose previous
 * claim ran out, can be claimed; so two deliveries of one event send once.
 */
export async function claimMessage(
  message: Pick<OutboxMessage, "companyId" | "clientId" | "messageId">,
): Promise<OutboxMessage | null> {
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keyOf(message),
        UpdateExpression: "SET #status = :sending, claimedUntil = :until ADD attempts :one",
        ConditionExpression: "#status = :pending OR (#status = :sending AND claimedUntil < :now)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":sending": "sending",
          ":pending": "pending",
          ":until": nowSeconds() + CLAIM_SECONDS,
          ":now": nowSeconds(),
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

/** Marks a claimed message sent, with the history event, in one transaction. */
export async function markSent(message: OutboxMessage, sesMessageId: string, event: HistoryEvent): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName(),
            Key: keyOf(message),
            UpdateExpression: "SET #status = :sent, sentAt = :at, sesMessageId = :id REMOVE claimedUntil",
            ConditionExpression: "#status = :sending",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":sent": "sent", ":sending": "sending", ":at": event.at, ":id": sesMessageId },
          },
        },
        historyPut(message.companyId, message.clientId, event),
      ],
    }),
  );
}

/** Gives a claimed message back, so that the next delivery of its event tries again. */
export async function releaseClaim(message: OutboxMessage): Promise<void> {
  await db()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keyOf(message),
        UpdateExpression: "SET #status = :pending REMOVE claimedUntil",
        // Never recreate the item when the client's partition was purged meanwhile.
        ConditionExpression: "attribute_exists(pk) AND #status = :sending",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":pending": "pending", ":sending": "sending" },
      }),
    )
    .catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
}

/** A message whose client is gone is not sent; it stays as a record until the client's partition is deleted. */
export async function markUndeliverable(message: OutboxMessage, reason: string): Promise<void> {
  await db()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keyOf(message),
        UpdateExpression: "SET #status = :failed, failure = :reason REMOVE claimedUntil",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":failed": "failed", ":reason": reason },
      }),
    )
    .catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
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
