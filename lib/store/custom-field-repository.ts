import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { CustomField } from "../domain/custom-field";
import { db, tableName } from "./client";
import { isConditionFailure } from "./errors";
import { fromItem, toItem } from "./items";
import { keys } from "./keys";

/** Every custom field of the company (a company has tens, not thousands): one Query. */
export async function listCompanyFields(companyId: string): Promise<CustomField[]> {
  const { pk, skPrefix } = keys.customFieldPrefix(companyId);
  const fields: CustomField[] = [];
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
    fields.push(...(page.Items ?? []).map((item) => fromItem<CustomField>(item)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return fields.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function getField(companyId: string, fieldId: string): Promise<CustomField | null> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.customField(companyId, fieldId) }),
  );
  return Item ? fromItem<CustomField>(Item) : null;
}

export async function saveField(companyId: string, field: CustomField, expectedVersion?: number): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: toItem(keys.customField(companyId, field.id), "customField", field),
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

export async function deleteField(companyId: string, fieldId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.customField(companyId, fieldId) }));
}
