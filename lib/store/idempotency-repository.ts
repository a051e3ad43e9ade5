import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { EncryptedFields } from "../crypto/field-encryption";
import { db, tableName } from "./client";
import { isConditionFailure } from "./errors";
import { isExpired } from "./items";
import { keys } from "./keys";
import { conditionalWrite, queryPages } from "./operations";

/**
 * An answer as an idempotency record keeps it: never a secret in clear. What
 * is shown once (a generated password) is left out; encrypted custom values
 * are kept `sealed` exactly as the client item holds them.
 */
export interface StoredResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  sealed?: EncryptedFields;
}

export interface IdempotencyRecord {
  requestHash: string;
  state: "in-progress" | "done";
  /** The id the first attempt chose for what it creates, so every retry creates the same thing. */
  reservedId: string;
  lockedUntil: number;
  response?: StoredResponse;
}

const KEY_LIFETIME_SECONDS = 24 * 60 * 60;
const nowSeconds = () => Math.floor(Date.now() / 1000);

type Scope = { companyId: string; scope: string; key: string };
const keyOf = ({ companyId, scope, key }: Scope) => keys.idempotency(companyId, scope, key);

/** Starts a new record; false when a live one exists for the key. */
export async function startRecord(scope: Scope, record: IdempotencyRecord): Promise<boolean> {
  return conditionalWrite(
    db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keyOf(scope), itemType: "idempotency", ...record, expiresAt: nowSeconds() + KEY_LIFETIME_SECONDS },
        ConditionExpression: "attribute_not_exists(pk) OR expiresAt < :now",
        ExpressionAttributeValues: { ":now": nowSeconds() },
      }),
    ),
  );
}

export async function readRecord(scope: Scope): Promise<IdempotencyRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: keyOf(scope), ConsistentRead: true }));
  if (!Item || isExpired(Item)) return null;
  return Item as unknown as IdempotencyRecord;
}

/** Takes over an in-progress record whose lock has run out; false when another attempt got there first. */
export async function takeOver(scope: Scope, previousLock: number, lockedUntil: number): Promise<boolean> {
  return conditionalWrite(
    db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keyOf(scope),
        UpdateExpression: "SET lockedUntil = :lock",
        ConditionExpression: "#state = :progress AND lockedUntil = :previous",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":lock": lockedUntil, ":previous": previousLock, ":progress": "in-progress" },
      }),
    ),
  );
}

export async function completeRecord(scope: Scope, response: StoredResponse): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keyOf(scope),
      UpdateExpression: "SET #state = :done, #response = :response",
      ExpressionAttributeNames: { "#state": "state", "#response": "response" },
      ExpressionAttributeValues: { ":done": "done", ":response": response },
    }),
  );
}

/** Lets the next retry take over at once, keeping the reserved id. */
export async function releaseRecord(scope: Scope): Promise<void> {
  await db()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keyOf(scope),
        UpdateExpression: "SET lockedUntil = :zero",
        ConditionExpression: "#state = :progress",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":zero": 0, ":progress": "in-progress" },
      }),
    )
    .catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
}

/**
 * Deletes the records of these operations that created `reservedId` (their
 * kept answers hold what the request created). Reads the operations' records
 * of the last 24 hours, the only ones that live.
 */
export async function forgetRecordsOf(companyId: string, scopes: string[], reservedId: string): Promise<void> {
  for (const scope of scopes) {
    for await (const items of queryPages({
      KeyConditionExpression: "pk = :pk",
      FilterExpression: "reservedId = :id",
      ExpressionAttributeValues: { ":pk": keys.idempotencyPartition(companyId, scope).pk, ":id": reservedId },
      ProjectionExpression: "pk, sk",
    })) {
      for (const item of items) {
        await db().send(new DeleteCommand({ TableName: tableName(), Key: { pk: item.pk, sk: item.sk } }));
      }
    }
  }
}
