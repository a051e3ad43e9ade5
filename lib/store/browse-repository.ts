import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { forEachBounded } from "../async/bounded";
import type { ClientStatus } from "../domain/client";
import { db, tableName } from "./client";
import type { AudienceMember, BrowseSort, ClientSummary } from "./indexing/client-summary";
import { keys } from "./keys";
import { queryPage, type TableQuery } from "./operations";
import { addReadCost, type ReadCost } from "./read-cost";
import { BROWSE_INDEXES, BROWSE_PARTITION_ATTRIBUTE } from "./table";

export interface BrowseRange {
  status?: ClientStatus;
  groupId?: string;
  sort: BrowseSort;
  descending: boolean;
  /** The sort value of the last entry already listed. */
  after?: string;
  limit: number;
}

export interface BrowseEntries {
  summaries: ClientSummary[];
  /** The sort value of the last summary, to continue from. */
  lastSortValue: string | null;
  more: boolean;
}

/**
 * One page of a browse list: a Query on the sort's index, in the partition
 * of the filter, starting after the last sort value listed. It reads
 * `limit + 1` entries, the extra one only telling whether more follow.
 */
export async function queryBrowseEntries(
  companyId: string,
  range: BrowseRange,
  cost?: ReadCost,
): Promise<BrowseEntries> {
  const index = BROWSE_INDEXES[range.sort];
  const page = await queryPage(browseEntriesQuery(companyId, range));
  addReadCost(cost, page);
  const items = (page.Items ?? []).slice(0, range.limit);
  return {
    summaries: items.map(summaryOf),
    lastSortValue: (items.at(-1)?.[index.sortKey] as string | undefined) ?? null,
    more: (page.Items ?? []).length > range.limit,
  };
}

/** The Query of one browse page (see queryBrowseEntries). */
export function browseEntriesQuery(companyId: string, range: BrowseRange): TableQuery {
  const index = BROWSE_INDEXES[range.sort];
  const { after } = range;
  return {
    IndexName: index.indexName,
    KeyConditionExpression: `#list = :list${after === undefined ? "" : ` AND #sort ${range.descending ? "<" : ">"} :after`}`,
    ExpressionAttributeNames: {
      "#list": BROWSE_PARTITION_ATTRIBUTE,
      ...(after === undefined ? {} : { "#sort": index.sortKey }),
    },
    ExpressionAttributeValues: {
      ":list": keys.browsePartition(companyId, { status: range.status, groupId: range.groupId }),
      ...(after === undefined ? {} : { ":after": after }),
    },
    ScanIndexForward: !range.descending,
    Limit: range.limit + 1,
    ReturnConsumedCapacity: "TOTAL",
  };
}

export interface AudienceEntries {
  members: AudienceMember[];
  lastKey: string | null;
  more: boolean;
}

/** One page of the marketing audience, in client number order: it reads only audience entries. */
export async function queryAudience(
  companyId: string,
  limit: number,
  after: string | undefined,
  cost?: ReadCost,
): Promise<AudienceEntries> {
  const { pk } = keys.marketingAudiencePartition(companyId);
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: `pk = :pk${after === undefined ? "" : " AND sk > :after"}`,
      ExpressionAttributeValues: { ":pk": pk, ...(after === undefined ? {} : { ":after": after }) },
      Limit: limit + 1,
      ReturnConsumedCapacity: "TOTAL",
    }),
  );
  addReadCost(cost, page);
  const items = (page.Items ?? []).slice(0, limit);
  return {
    members: items.map((item) => ({
      clientId: item.clientId,
      number: item.number,
      email: item.email,
      firstName: item.firstName,
      lastName: item.lastName,
      language: item.language,
      consent: item.consent,
    })),
    lastKey: (items.at(-1)?.sk as string | undefined) ?? null,
    more: (page.Items ?? []).length > limit,
  };
}

export function summaryOf(item: Record<string, unknown>): ClientSummary {
  return {
    id: item.id as string,
    number: item.number as number,
    firstName: item.firstName as string,
    lastName: item.lastName as string,
    company: (item.company as string | null) ?? null,
    email: item.email as string,
    username: item.username as string,
    status: item.status as ClientStatus,
    groupId: item.groupId as string,
    createdAt: item.createdAt as string,
  };
}

/** Which of these client numbers a client of the company has (one Query each on the number index). */
export async function numbersInUse(companyId: string, numbers: number[]): Promise<Set<number>> {
  const index = BROWSE_INDEXES.number;
  const used = new Set<number>();
  await forEachBounded(numbers, 16, async (number) => {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: index.indexName,
        KeyConditionExpression: "#list = :list AND #sort = :number",
        ExpressionAttributeNames: { "#list": BROWSE_PARTITION_ATTRIBUTE, "#sort": index.sortKey },
        ExpressionAttributeValues: {
          ":list": keys.browsePartition(companyId, {}),
          ":number": keys.browseSortValue(null, number),
        },
        Limit: 1,
      }),
    );
    if ((page.Items ?? []).length > 0) used.add(number);
  });
  return used;
}
