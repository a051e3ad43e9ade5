import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { summaryOf } from "./browse-repository";
import { db, tableName } from "./client";
import type { ClientSummary } from "./indexing/client-summary";
import type { DuplicateKeys, DuplicateKind } from "./indexing/duplicate-keys";
import { keys } from "./keys";

export interface DuplicateEntry {
  clientId: string;
  duplicateKeys: DuplicateKeys;
  summary: ClientSummary;
}

export interface DuplicateEntries {
  entries: DuplicateEntry[];
  /** No entry follows the last one. */
  exhausted: boolean;
}

/** Up to `limit` clients filed under this value, in client id order, after `afterClientId`. */
export async function queryDuplicateEntries(
  companyId: string,
  kind: DuplicateKind,
  value: string,
  afterClientId: string | undefined,
  limit: number,
): Promise<DuplicateEntries> {
  const { pk } = keys.duplicatePartition(companyId, kind, value);
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: `pk = :pk${afterClientId === undefined ? "" : " AND sk > :after"}`,
      ExpressionAttributeValues: { ":pk": pk, ...(afterClientId === undefined ? {} : { ":after": afterClientId }) },
      Limit: limit,
    }),
  );
  return {
    entries: (page.Items ?? []).map((item) => ({
      clientId: item.sk as string,
      duplicateKeys: item.duplicateKeys as DuplicateKeys,
      summary: summaryOf(item),
    })),
    exhausted: page.LastEvaluatedKey === undefined,
  };
}
