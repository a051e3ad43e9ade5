import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { ClientGroup } from "../domain/group";
import { db, tableName } from "./client";
import { isConditionFailure } from "./errors";
import { fromItem, toItem } from "./items";
import { keys } from "./keys";

/** A group as stored: with the number of clients in it, kept in the same transactions that move clients. */
export type StoredGroup = ClientGroup & { clientCount?: number };

export async function listGroups(companyId: string): Promise<StoredGroup[]> {
  const { pk, skPrefix } = keys.groupPrefix(companyId);
  const items: StoredGroup[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": pk, ":prefix": skPrefix },
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []).map((item) => fromItem<StoredGroup>(item)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

export async function getGroup(companyId: string, groupId: string): Promise<StoredGroup | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: keys.group(companyId, groupId) }));
  return Item ? fromItem<StoredGroup>(Item) : null;
}

/** Puts a new group (`expectedVersion` undefined) or replaces one still at `expectedVersion`; false on a lost race. */
export async function saveGroup(companyId: string, group: StoredGroup, expectedVersion?: number): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: toItem(keys.group(companyId, group.id), "group", group),
        ...(expectedVersion === undefined
          ? { ConditionExpression: "attribute_not_exists(pk)" }
          : { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": expectedVersion } }),
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Deletes a group that has no clients and is not the default; false when either condition fails. */
export async function deleteEmptyGroup(companyId: string, groupId: string, expectedVersion?: number): Promise<boolean> {
  try {
    await db().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: keys.group(companyId, groupId),
        ConditionExpression: `attribute_exists(pk) AND isDefault = :false AND (attribute_not_exists(clientCount) OR clientCount = :zero)${
          expectedVersion === undefined ? "" : " AND version = :v"
        }`,
        ExpressionAttributeValues: {
          ":false": false,
          ":zero": 0,
          ...(expectedVersion === undefined ? {} : { ":v": expectedVersion }),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
