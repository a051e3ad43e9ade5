import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { newId } from "../../lib/domain/ids";
import { SEARCH_READ_BUDGET, searchClients } from "../../lib/search/search-clients";
import { db, tableName } from "../../lib/store/client";
import { indexItems } from "../../lib/store/indexing/index-entries";
import { clientFixture } from "../helpers/client-fixture";

/**
 * Two common words that rarely meet: hundreds of Marias and of Garcias, and
 * three Maria Garcias whose ids sort after every other entry of both words,
 * so each word's entries hold the pair only at their very end, far past one
 * page's read budget. Search must not answer an empty page while they remain.
 */
const companyId = newId("co");
/** More entries per word than a page reads within its budget. */
const COMMON = SEARCH_READ_BUDGET + 10;
const pairIds = ["z1", "z2", "z3"].map((suffix) => `cl_zzzz${suffix}`);

beforeAll(async () => {
  const clients = [
    ...Array.from({ length: COMMON }, (_, i) => ({ firstName: "Maria", lastName: `Lopez${i}` })),
    ...Array.from({ length: COMMON }, (_, i) => ({ firstName: `Ana${i}`, lastName: "Garcia" })),
  ].map((names, i) => ({ ...names, id: `cl_a${String(i).padStart(6, "0")}` }));
  clients.push(...pairIds.map((id) => ({ id, firstName: "Maria", lastName: "Garcia" })));
  // Only the token entries of the words searched: the rest would make the seeding long and change nothing.
  const items = clients
    .flatMap(({ id, firstName, lastName }, i) =>
      indexItems(companyId, clientFixture({ id, companyId, number: 1000 + i, firstName, lastName })),
    )
    .filter((item) => item.itemType === "search-index" && /^(maria|garcia|ana)/.test(String(item.token)));
  const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, b) => items.slice(b * 25, b * 25 + 25));
  const writeBatch = async (batch: typeof items) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await db().send(
        new BatchWriteCommand({ RequestItems: { [tableName()]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName()] ?? []) as typeof requests;
    }
  };
  for (let start = 0; start < batches.length; start += 8)
    await Promise.all(batches.slice(start, start + 8).map(writeBatch));
}, 120_000);

it("answers no empty page with a nextCursor when the words meet only far into their entries", async () => {
  for (const limit of [1, 2, 25]) {
    const pages: { items: number; more: boolean }[] = [];
    const found: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchClients(companyId, { q: "maria garcia", limit, cursor });
      pages.push({ items: page.items.length, more: page.nextCursor !== null });
      found.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.filter((p) => p.items === 0 && p.more)).toEqual([]);
    expect(found.sort()).toEqual(pairIds);
  }
});

it("ends with one empty page and no cursor when two common words never meet", async () => {
  expect(await searchClients(companyId, { q: "maria ana", limit: 25 })).toEqual({
    items: [],
    nextCursor: null,
  });
});
