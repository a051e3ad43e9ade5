import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { isActiveAdmin, type StaffHistoryEvent, type StaffMember } from "../domain/staff-records";
import { db, tableName } from "./client";
import { isConditionFailure, TransactionConditionFailed } from "./errors";
import { identityPutItem } from "./identity-repository";
import { fromItem, toItem } from "./items";
import { keys } from "./keys";
import { getEntity, prefixQuery, queryAllByPrefix, queryPages, type ReadOptions } from "./operations";
import { atVersion, IS_NEW, type NamedItem, named, type TransactItem, transactWrite, tx } from "./transact";

export type StaffWriteOutcome = "written" | "stale" | "last-admin" | "exists";

/** Strongly consistent: what authorises a request must not lag a change. */
export function getStaffMember(companyId: string, staffId: string, options?: ReadOptions): Promise<StaffMember | null> {
  return getEntity<StaffMember>(keys.staffMember(companyId, staffId), true, options);
}

export function listStaffMembers(companyId: string): Promise<StaffMember[]> {
  const { pk, skPrefix } = keys.staffPrefix(companyId);
  return queryAllByPrefix<StaffMember>(pk, skPrefix);
}

export async function listStaffHistory(companyId: string, staffId: string): Promise<StaffHistoryEvent[]> {
  const { pk, skPrefix } = keys.staffHistoryPrefix(companyId, staffId);
  return queryAllByPrefix<StaffHistoryEvent>(pk, skPrefix);
}

export const staffHistoryItem = (companyId: string, event: StaffHistoryEvent) =>
  tx.put(toItem(keys.staffHistory(companyId, event.staffId, event.at, event.id), "staff-history", event), IS_NEW);

/**
 * Makes sure the company's active-admin counter exists: companies made before
 * it get it from a strongly consistent count of their staff. Safe to race:
 * every change that moves the count needs the counter to exist, so no change
 * can fall between the count and the (create-only) write that loses.
 */
export async function ensureActiveAdminCounter(companyId: string): Promise<void> {
  const key = keys.activeAdminCounter(companyId);
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  if (Item) return;
  const { pk, skPrefix } = keys.staffPrefix(companyId);
  let count = 0;
  for await (const items of queryPages({ ...prefixQuery(pk, skPrefix), ConsistentRead: true })) {
    count += items.map((i) => fromItem<StaffMember>(i)).filter(isActiveAdmin).length;
  }
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...key, itemType: "counter", count },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * The counter's change for a member going from `before` to `after` (null:
 * nonexistent). Taking the last active admin away fails its condition.
 */
function counterChange(companyId: string, before: StaffMember | null, after: StaffMember | null): NamedItem[] {
  const delta = Number(after !== null && isActiveAdmin(after)) - Number(before !== null && isActiveAdmin(before));
  if (delta === 0) return [];
  const update = tx.update(keys.activeAdminCounter(companyId), "ADD #count :delta", {
    ConditionExpression: delta < 0 ? "#count > :one" : "attribute_exists(pk)",
    ExpressionAttributeNames: { "#count": "count" },
    ExpressionAttributeValues: delta < 0 ? { ":delta": delta, ":one": 1 } : { ":delta": delta },
  });
  return [named("active-admins", update)];
}

async function runStaffTransaction(items: (TransactItem | NamedItem)[]): Promise<StaffWriteOutcome> {
  try {
    await transactWrite(items);
    return "written";
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    return error.on("active-admins") ? "last-admin" : "stale";
  }
}

/**
 * Writes a new staff member, the identity item that links their Cognito
 * subject to them, their history and anything else that goes with them (an
 * invitation's token and email), together; `exists` when the member or the
 * identity exists already.
 */
export async function insertStaffMember(
  userPoolId: string,
  member: StaffMember,
  history: StaffHistoryEvent[],
  extra: TransactItem[] = [],
): Promise<StaffWriteOutcome> {
  await ensureActiveAdminCounter(member.companyId);
  const outcome = await runStaffTransaction([
    tx.put(toItem(keys.staffMember(member.companyId, member.id), "staff", member), IS_NEW),
    tx.put(identityPutItem(userPoolId, member.sub, { companyId: member.companyId, staffId: member.id }), IS_NEW),
    ...counterChange(member.companyId, null, member),
    ...history.map((event) => staffHistoryItem(member.companyId, event)),
    ...extra,
  ]);
  return outcome === "stale" ? "exists" : outcome;
}

/**
 * Replaces a member still at `before.version` with `after` (null: deletes
 * the member and its identity item), with its history and the active-admin
 * counter in the same transaction: `stale` when the member changed meanwhile,
 * `last-admin` when the change would leave the company without an active admin.
 */
export async function writeStaffChange(
  userPoolId: string,
  before: StaffMember,
  after: StaffMember | null,
  history: StaffHistoryEvent[],
  extra: TransactItem[] = [],
): Promise<StaffWriteOutcome> {
  const companyId = before.companyId;
  await ensureActiveAdminCounter(companyId);
  const memberKey = keys.staffMember(companyId, before.id);
  const items: (TransactItem | NamedItem)[] = after
    ? [tx.put(toItem(memberKey, "staff", after), atVersion(before.version))]
    : [tx.delete(memberKey, atVersion(before.version)), tx.delete(keys.identity(userPoolId, before.sub))];
  items.push(...counterChange(companyId, before, after));
  items.push(...history.map((event) => staffHistoryItem(companyId, event)), ...extra);
  return runStaffTransaction(items);
}
