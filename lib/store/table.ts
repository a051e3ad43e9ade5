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

/**
 * Outbox messages the mailer has not finished, by when the sweep should look
 * at them: a pending one once the stream had time to deliver it, a claimed one
 * when its claim runs out, a deferred one when its retry is due. Sparse: sent
 * and undeliverable messages drop their attributes and leave the index.
 */
export const OUTBOX_DUE_INDEX: IndexDefinition = {
  indexName: "outbox-due",
  partitionKey: "gsiOutboxDue",
  sortKey: "outboxDueAt",
};

export const TABLE = {
  partitionKey: "pk",
  sortKey: "sk",
  ttlAttribute: "expiresAt",
  streamView: "NEW_AND_OLD_IMAGES",
  indexes: [...Object.values(BROWSE_INDEXES), OUTBOX_DUE_INDEX],
} as const;
