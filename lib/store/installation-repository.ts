import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "./client";
import { keys } from "./keys";

/** The company a fresh installation starts with (written by the bootstrap); null before that. */
export async function defaultCompanyId(): Promise<string | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: keys.installation() }));
  return typeof Item?.defaultCompanyId === "string" ? Item.defaultCompanyId : null;
}
