import { summaryOf } from "./browse-repository";
import type { ClientSummary } from "./indexing/client-summary";
import { keys } from "./keys";
import { prefixQuery, queryPage } from "./operations";
import { addReadCost, type ReadCost } from "./read-cost";

export interface TokenEntry {
  /** The entry's sort key: where a later read continues from. */
  sk: string;
  token: string;
  /** All the client's tokens, to check a query's other words without another read. */
  tokens: string[];
  summary: ClientSummary;
}

export interface TokenEntries {
  entries: TokenEntry[];
  /** No entry for this prefix follows the last one. */
  exhausted: boolean;
}

/**
 * Up to `limit` search token entries of one shelf starting with `prefix`, in
 * token order, after the entry `afterSk`: a key range read, whatever the
 * company's size.
 */
export async function queryTokenEntries(
  companyId: string,
  shelf: string,
  prefix: string,
  afterSk: string | undefined,
  limit: number,
  cost?: ReadCost,
): Promise<TokenEntries> {
  const { pk, skPrefix } = keys.searchTokenPrefix(companyId, shelf, prefix);
  const page = await queryPage({
    ...prefixQuery(pk, skPrefix),
    ...(afterSk === undefined ? {} : { ExclusiveStartKey: { pk, sk: afterSk } }),
    Limit: limit,
    ReturnConsumedCapacity: "TOTAL",
  });
  addReadCost(cost, page);
  return {
    entries: (page.Items ?? []).map((item) => ({
      sk: item.sk as string,
      token: item.token as string,
      tokens: item.tokens as string[],
      summary: summaryOf(item),
    })),
    exhausted: page.LastEvaluatedKey === undefined,
  };
}
