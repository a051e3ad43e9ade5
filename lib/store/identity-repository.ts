import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "./client";
import { keys } from "./keys";
import { getItem, type ReadOptions } from "./operations";

/** Who a Cognito subject is: exactly one of `clientId` (client pool) and `staffId` (staff pool). */
export interface IdentityRecord {
  companyId: string;
  clientId?: string;
  staffId?: string;
}

export function identityPutItem(userPoolId: string, sub: string, identity: IdentityRecord) {
  return { ...keys.identity(userPoolId, sub), itemType: "identity", ...identity };
}

/** Writes (or writes again, unchanged) the item that maps a Cognito subject to its company. */
export async function putIdentity(userPoolId: string, sub: string, identity: IdentityRecord): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: identityPutItem(userPoolId, sub, identity) }));
}

/** Strongly consistent: the identity decides which company a request may reach. */
export async function findIdentity(
  userPoolId: string,
  sub: string,
  options?: ReadOptions,
): Promise<IdentityRecord | null> {
  const Item = await getItem(keys.identity(userPoolId, sub), true, options);
  if (!Item) return null;
  const identity: IdentityRecord = { companyId: Item.companyId as string };
  if (typeof Item.clientId === "string") identity.clientId = Item.clientId;
  if (typeof Item.staffId === "string") identity.staffId = Item.staffId;
  return identity;
}

/** Removes the item that maps a Cognito subject to its company; a no-op when it is gone. */
export async function deleteIdentity(userPoolId: string, sub: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.identity(userPoolId, sub) }));
}
