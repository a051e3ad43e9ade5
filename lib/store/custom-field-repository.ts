import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import type { CustomField } from "../domain/custom-field";
import { db, tableName } from "./client";
import { toItem } from "./items";
import { keys } from "./keys";
import { getEntity, prefixQuery, putVersioned, queryAllByPrefix, type TableQuery } from "./operations";

/** Every custom field of the company (a company has tens, not thousands): one Query. */
export async function listCompanyFields(companyId: string): Promise<CustomField[]> {
  const { pk, skPrefix } = keys.customFieldPrefix(companyId);
  const fields = await queryAllByPrefix<CustomField>(pk, skPrefix);
  return fields.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The first (and, for tens of fields, only) page of listCompanyFields' Query. */
export function companyFieldsQuery(companyId: string): TableQuery {
  const { pk, skPrefix } = keys.customFieldPrefix(companyId);
  return prefixQuery(pk, skPrefix);
}

export const getField = (companyId: string, fieldId: string, consistent = false) =>
  getEntity<CustomField>(keys.customField(companyId, fieldId), consistent);

export const saveField = (companyId: string, field: CustomField, expectedVersion?: number) =>
  putVersioned(toItem(keys.customField(companyId, field.id), "customField", field), expectedVersion);

export async function deleteField(companyId: string, fieldId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.customField(companyId, fieldId) }));
}
