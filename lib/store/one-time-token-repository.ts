import { DeleteCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Audience } from "../domain/audience";
import { db, tableName } from "./client";
import { isConditionFailure, isTransactionConflict } from "./errors";
import { fromItem, isExpired } from "./items";
import { keys } from "./keys";
import { queryPages } from "./operations";
import { transactWrite, tx } from "./transact";

/** What a one-time token stands for. The token itself is never stored: its SHA-256 is the key. */
export interface OneTimeTokenRecord {
  purpose: string;
  companyId: string;
  audience: Audience;
  /** The client or staff member the token acts for. */
  subjectId: string;
  /** The SHA-256 of the address the token was sent to, when the token proves the person reads it (email verification). */
  emailHash?: string;
  createdAt: string;
  /** Epoch seconds: the TTL, and checked on every read (DynamoDB Local never expires items). */
  expiresAt: number;
}

const latestKey = (record: OneTimeTokenRecord) =>
  keys.latestOneTimeToken(record.companyId, record.audience, record.subjectId, record.purpose);

/**
 * The items that make a token live, for the caller's transaction: the token by its hash, and the
 * subject's latest-token item pointing at that hash, which every older token of the purpose fails against.
 */
export function oneTimeTokenRecords(tokenHash: string, record: OneTimeTokenRecord): Record<string, unknown>[] {
  return [
    { ...keys.oneTimeToken(tokenHash), itemType: "one-time-token", ...record },
    { ...latestKey(record), itemType: "latest-one-time-token", tokenHash, expiresAt: record.expiresAt },
    {
      ...keys.issuedOneTimeToken(record.companyId, record.audience, record.subjectId, tokenHash),
      itemType: "issued-one-time-token",
      tokenHash,
      expiresAt: record.expiresAt,
    },
  ];
}

/** The token's record, read consistently; null when unknown or past its expiry. */
export async function findOneTimeToken(tokenHash: string, nowSeconds: number): Promise<OneTimeTokenRecord | null> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.oneTimeToken(tokenHash), ConsistentRead: true }),
  );
  if (!Item || isExpired(Item, nowSeconds)) return null;
  // fromItem drops the store's attributes, TTL included; the record keeps it.
  return { ...fromItem<OneTimeTokenRecord>(Item), expiresAt: Item.expiresAt as number };
}

export type DeleteOutcome = "deleted" | "gone" | "conflict";

/**
 * Deletes the token and its latest-token item in one transaction, only while the token is unexpired, of
 * the purpose, and still the latest: of two concurrent deletes exactly one is applied. `conflict` is
 * DynamoDB refusing a transaction that raced another on the same items; reading again tells who won.
 */
export async function deleteOneTimeToken(
  tokenHash: string,
  record: OneTimeTokenRecord,
  nowSeconds: number,
): Promise<DeleteOutcome> {
  try {
    await transactWrite([
      tx.delete(keys.oneTimeToken(tokenHash), {
        ConditionExpression: "attribute_exists(pk) AND purpose = :purpose AND expiresAt > :now",
        ExpressionAttributeValues: { ":purpose": record.purpose, ":now": nowSeconds },
      }),
      tx.delete(latestKey(record), {
        ConditionExpression: "tokenHash = :hash",
        ExpressionAttributeValues: { ":hash": tokenHash },
      }),
    ]);
    return "deleted";
  } catch (error) {
    if (isConditionFailure(error)) return "gone";
    if (isTransactionConflict(error)) return "conflict";
    throw error;
  }
}

/** Deletes every token issued to one person (used, replaced or live) and the items that track them. */
export async function deleteTokensOf(companyId: string, audience: Audience, subjectId: string): Promise<void> {
  const { pk } = keys.oneTimeTokensOf(companyId, audience, subjectId);
  for await (const items of queryPages({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": pk },
  })) {
    for (const item of items) {
      if (String(item.sk).startsWith("ISSUED#")) {
        await db().send(
          new DeleteCommand({ TableName: tableName(), Key: keys.oneTimeToken(item.tokenHash as string) }),
        );
      }
      await db().send(new DeleteCommand({ TableName: tableName(), Key: { pk: item.pk, sk: item.sk } }));
    }
  }
}
