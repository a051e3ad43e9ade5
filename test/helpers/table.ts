import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../../lib/store/client";

/** Every item of the table: for tests that check nothing was left behind or leaked, never for the product. */
export async function scanTable(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** The whole table as one string, for searching it for what must never be stored. */
export async function tableDump(): Promise<string> {
  return JSON.stringify(await scanTable(), (_, value) => (typeof value === "bigint" ? value.toString() : value));
}
