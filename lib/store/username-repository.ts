import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "./client";
import { isExpired } from "./items";
import { keys } from "./keys";
import { batchGetItems } from "./operations";
import { type TransactItem, tx } from "./transact";

/**
 * Usernames are unique installation-wide, compared in lower case: one
 * `USERNAME#<lower case>` item per username names the client that holds it,
 * written in the same transactions as that client.
 */
export interface UsernameHolder {
  companyId: string;
  id: string;
  username: string;
}

export interface UsernameOwner {
  companyId: string;
  clientId: string;
}

export async function findUsernameOwner(username: string): Promise<UsernameOwner | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: keys.username(username) }));
  if (!Item || isExpired(Item)) return null;
  return { companyId: Item.companyId as string, clientId: Item.clientId as string };
}

/** The company of the client that holds or has reserved each of these usernames (lower case), for those taken. */
export async function usernameCompanies(usernames: string[]): Promise<Map<string, string>> {
  const items = await batchGetItems(usernames.map((username) => keys.username(username)));
  return new Map(items.map((item) => [(item.username as string).toLowerCase(), item.companyId as string]));
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function usernameItem(client: UsernameHolder, expiresAt?: number) {
  return {
    ...keys.username(client.username),
    itemType: "username",
    username: client.username,
    companyId: client.companyId,
    clientId: client.id,
    ...(expiresAt ? { expiresAt } : {}),
  };
}

const heldBy = (clientId: string) => ({
  ConditionExpression: "clientId = :id",
  ExpressionAttributeValues: { ":id": clientId },
});

/** Claims the username unless another live client holds it (an abandoned reservation's claim has expired). */
export const claimUsername = (client: UsernameHolder, expiresAt?: number): TransactItem =>
  tx.put(usernameItem(client, expiresAt), {
    ConditionExpression: "attribute_not_exists(pk) OR clientId = :id OR expiresAt < :now",
    ExpressionAttributeValues: { ":id": client.id, ":now": nowSeconds() },
  });

/** Makes a claim this client holds permanent, or rewrites its spelling (same lower case). */
export const confirmUsername = (client: UsernameHolder): TransactItem =>
  tx.put(usernameItem(client), heldBy(client.id));

/** Frees the username if this client holds it. */
export const releaseUsername = (client: UsernameHolder): TransactItem =>
  tx.delete(keys.username(client.username), heldBy(client.id));

/** Frees the username if this client holds it, and succeeds as well when nobody does. */
export const releaseUsernameIfHeld = (client: UsernameHolder): TransactItem =>
  tx.delete(keys.username(client.username), {
    ConditionExpression: "attribute_not_exists(pk) OR clientId = :id",
    ExpressionAttributeValues: { ":id": client.id },
  });
