import { DeleteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "./client";
import { isConditionFailure } from "./errors";
import { keys } from "./keys";
import { getEntity } from "./operations";
import { type TransactItem, tx } from "./transact";

/** A TOTP secret sealed under its own data key (lib/mfa/totp-secret.ts). */
export interface SealedSecret {
  sealed: string;
  wrappedKey: string;
}

/** A member's MFA state: the secret in use, one being enrolled, the last time step used, failed codes. */
export interface StaffMfaRecord {
  secret?: SealedSecret;
  pending?: SealedSecret;
  /** The TOTP time step of the last code accepted: a code is good once, and never one of an older step. */
  lastStep?: number;
  /** Wrong codes in a row, across sign-ins, enrolment and disabling. */
  failures?: number;
  /** Epoch seconds: no code is checked before this (after five wrong ones in a row). */
  lockedUntil?: number;
}

export const getStaffMfa = (companyId: string, staffId: string) =>
  getEntity<StaffMfaRecord>(keys.staffMfa(companyId, staffId), true);

/** Keeps the secret of a new enrolment beside the one in use (if any), until a code from it is verified. */
export async function savePendingSecret(companyId: string, staffId: string, pending: SealedSecret): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.staffMfa(companyId, staffId),
      UpdateExpression: "SET pending = :pending, itemType = :type",
      ExpressionAttributeValues: { ":pending": pending, ":type": "staff-mfa" },
    }),
  );
}

/**
 * Takes time step `step` for a code: true once per step, and only for a step
 * newer than any used before, even when two requests race with the same code.
 */
export async function useTimeStep(companyId: string, staffId: string, step: number): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.staffMfa(companyId, staffId),
        UpdateExpression: "SET lastStep = :step, failures = :zero",
        ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(lastStep) OR lastStep < :step)",
        ExpressionAttributeValues: { ":step": step, ":zero": 0 },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Counts a wrong code; the fifth in a row locks the checks until `lockUntil` and starts the count again. */
export async function recordWrongCode(companyId: string, staffId: string, lockUntil: number): Promise<void> {
  const { Attributes } = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.staffMfa(companyId, staffId),
      UpdateExpression: "ADD failures :one",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":one": 1 },
      ReturnValues: "ALL_NEW",
    }),
  );
  if (Number(Attributes?.failures ?? 0) < 5) return;
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.staffMfa(companyId, staffId),
      UpdateExpression: "SET failures = :zero, lockedUntil = :until",
      ExpressionAttributeValues: { ":zero": 0, ":until": lockUntil },
    }),
  );
}

/** For the transaction that turns MFA on: the verified pending secret becomes the one in use. */
export const enableSecretItem = (companyId: string, staffId: string, pending: SealedSecret): TransactItem =>
  tx.update(keys.staffMfa(companyId, staffId), "SET secret = :pending REMOVE pending", {
    ConditionExpression: "pending.sealed = :sealed",
    ExpressionAttributeValues: { ":pending": pending, ":sealed": pending.sealed },
  });

/** For the transaction that turns MFA off: the secret goes (the step and failure count stay, against replays). */
export const disableSecretItem = (companyId: string, staffId: string): TransactItem =>
  tx.update(keys.staffMfa(companyId, staffId), "REMOVE secret, pending", {
    ConditionExpression: "attribute_exists(secret)",
  });

export async function deleteStaffMfa(companyId: string, staffId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.staffMfa(companyId, staffId) }));
}
