/**
 * The one table definition: key schema, GSIs, TTL and stream settings. Both the
 * CDK stack and the local bootstrap build the table from it, so they cannot drift.
 */
export interface IndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
}

export const TABLE = {
  partitionKey: "pk",
  sortKey: "sk",
  ttlAttribute: "expiresAt",
  streamView: "NEW_AND_OLD_IMAGES",
  indexes: [] as IndexDefinition[],
} as const;
