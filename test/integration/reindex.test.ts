import { randomBytes } from "node:crypto";
import { BatchWriteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../../lib/store/client";
import { INDEX_ITEM_TYPES, reindex } from "../../lib/store/indexing/reindex";
import { keys } from "../../lib/store/keys";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, type TestCompany } from "../helpers/companies";
import { scanTable } from "../helpers/table";

/**
 * A table whose clients have no index entries (made before them, or after a
 * tokenizer change cleared them) and one stale entry: `npm run reindex`'s
 * function brings browse and search back to every client and removes the
 * entry no client would have.
 */
let api: TestApi;
let co: TestCompany;
const run = `rx${randomBytes(3).toString("hex")}`;
const NAMES = ["Quincy", "Rowena", "Silvio", "Tamsin", "Ulrike"];
const ids: string[] = [];

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Reindex");
  for (const firstName of NAMES) {
    const res = await api.request("POST", "/v1/clients", {
      token: co.admin,
      body: clientBody({ firstName, lastName: `Reindexer${run}`, marketingOptIn: true }),
    });
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  }
});
afterAll(() => api.close());

const companyEntries = async () =>
  (await scanTable()).filter(
    (i) =>
      (INDEX_ITEM_TYPES as readonly string[]).includes(String(i.itemType)) &&
      String(i.pk).startsWith(`CO#${co.companyId}`),
  );
const browse = async () =>
  ((await api.request("GET", "/v1/clients?limit=100", { token: co.staff })).body.items as { id: string }[]).map(
    (c) => c.id,
  );
const search = async (q: string) =>
  ((await api.request("GET", `/v1/clients/search?q=${q}`, { token: co.staff })).body.items as { id: string }[]).map(
    (c) => c.id,
  );

it("rebuilds every client's entries and deletes the stale ones", async () => {
  const before = await companyEntries();
  expect(before.length).toBeGreaterThan(NAMES.length * 4);
  for (let i = 0; i < before.length; i += 25) {
    const DeleteRequests = before
      .slice(i, i + 25)
      .map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }));
    await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: DeleteRequests } }));
  }
  const stale = {
    ...keys.searchToken(co.companyId, "zz", `zzstale${run}`, ids[0]!),
    itemType: "search-index",
    id: ids[0],
  };
  await db().send(new PutCommand({ TableName: tableName(), Item: stale }));
  expect(await browse()).toEqual([]);
  expect(await search(`reindexer${run}`)).toEqual([]);

  const pages: string[] = [];
  const done = await reindex(
    undefined,
    (checkpoint) => {
      pages.push(checkpoint.phase);
    },
    co.companyId,
  );
  expect(done.phase).toBe("done");
  expect(done.written).toBeGreaterThanOrEqual(before.length);
  expect(done.deleted).toBeGreaterThanOrEqual(1);
  expect(pages).toContain("stale");

  expect((await browse()).sort()).toEqual([...ids].sort());
  expect((await search(`reindexer${run}`)).sort()).toEqual([...ids].sort());
  expect(await search("rowena")).toContain(ids[1]);
  const after = await companyEntries();
  expect(after.map((i) => `${i.pk} ${i.sk}`).sort()).toEqual(before.map((i) => `${i.pk} ${i.sk}`).sort());
  const audience = await api.request("GET", "/v1/clients/marketing-audience", { token: co.staff });
  expect((audience.body.items as { clientId: string }[]).map((m) => m.clientId).sort()).toEqual([...ids].sort());
}, 120_000);

it("a second run leaves complete entries as they are", async () => {
  const entries = (await companyEntries()).map((i) => `${i.pk} ${i.sk}`).sort();
  const again = await reindex(undefined, undefined, co.companyId);
  expect(again.phase).toBe("done");
  expect((await companyEntries()).map((i) => `${i.pk} ${i.sk}`).sort()).toEqual(entries);
}, 120_000);
