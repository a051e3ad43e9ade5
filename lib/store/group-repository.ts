import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import type { ClientGroup } from "../domain/group";
import { db, tableName } from "./client";
import { toItem } from "./items";
import { keys } from "./keys";
import { conditionalWrite, getEntity, putVersioned, queryAllByPrefix } from "./operations";
import { type TransactItem, tx } from "./transact";

/** A group as stored: with the number of clients in it, kept in the same transactions that move clients. */
export type StoredGroup = ClientGroup & { clientCount?: number };

export async function listGroups(companyId: string): Promise<StoredGroup[]> {
  const { pk, skPrefix } = keys.groupPrefix(companyId);
  return queryAllByPrefix<StoredGroup>(pk, skPrefix);
}

export const getGroup = (companyId: string, groupId: string, consistent = false) =>
  getEntity<StoredGroup>(keys.group(companyId, groupId), consistent);

/** Puts a new group (`expectedVersion` undefined) or replaces one still at `expectedVersion`; false on a lost race. */
export const saveGroup = (companyId: string, group: StoredGroup, expectedVersion?: number) =>
  putVersioned(toItem(keys.group(companyId, group.id), "group", group), expectedVersion);

/** Deletes a group that has no clients and is not the default; false when either condition fails. */
export async function deleteEmptyGroup(companyId: string, groupId: string, expectedVersion?: number): Promise<boolean> {
  return conditionalWrite(
    db().send(
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
    ),
  );
}

/** Moves a group's client count in the transaction that moves a client; the group must exist. */
export const groupCountChange = (companyId: string, groupId: string, delta: number): TransactItem =>
  tx.update(keys.group(companyId, groupId), "ADD clientCount :delta", {
    ConditionExpression: "attribute_exists(pk)",
    ExpressionAttributeValues: { ":delta": delta },
  });
