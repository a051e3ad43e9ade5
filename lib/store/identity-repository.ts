import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "./client";
import { keys } from "./keys";

export interface IdentityRecord {
  companyId: string;
  clientId?: string;
}

export function identityPutItem(userPoolId: string, sub: string, identity: IdentityRecord) {
  return { ...keys.identity(userPoolId, sub), itemType: "identity", ...identity };
}

export async function saveIdentity(userPoolId: string, sub: string, identity: IdentityRecord): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: identityPutItem(userPoolId, sub, identity) }));
}

export async function findIdentity(userPoolId: string, sub: string): Promise<IdentityRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: keys.identity(userPoolId, sub) }));
  if (!Item) return null;
  return { companyId: Item.companyId as string, clientId: Item.clientId as string | undefined };
}
