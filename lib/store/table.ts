import { BROWSE_SORTS, type BrowseSort } from "./indexing/client-summary";

/**
 * The one table definition: key schema, GSIs, TTL and stream settings. Both the
 * CDK stack and the local bootstrap build the table from it, so they cannot drift.
 */
export interface IndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
}

/** The partition key of every browse index: which clients (a company, narrowed by status and/or group). */
export const BROWSE_PARTITION_ATTRIBUTE = "gsiBrowse";

/**
 * One index per browse order. A client's browse entries (one per filter it
 * can be listed under) carry all six sort values, so each filter and order is
 * one key-ordered Query. See lib/store/README.md.
 */
export const BROWSE_INDEXES = Object.fromEntries(
  BROWSE_SORTS.map((sort) => [
    sort,
    {
      indexName: `browse-${sort}`,
      partitionKey: BROWSE_PARTITION_ATTRIBUTE,
      sortKey: `gsi${sort[0]!.toUpperCase()}${sort.slice(1)}`,
    },
  ]),
) as Record<BrowseSort, IndexDefinition>;

export const TABLE = {
  partitionKey: "pk",
  sortKey: "sk",
  ttlAttribute: "expiresAt",
  streamView: "NEW_AND_OLD_IMAGES",
  indexes: Object.values(BROWSE_INDEXES),
} as const;
