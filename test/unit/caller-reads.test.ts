import * as clients from "../../lib/api/routes/clients";
import { TtlCache } from "../../lib/cache/ttl-cache";
import { withFirstReads } from "../../lib/http/route";
import { clientRecordKeys } from "../../lib/store/client-repository";
import {
  keepForRequest,
  keepQueryForRequest,
  takeKeptQuery,
  takeKeptRead,
  withRequestReads,
} from "../../lib/store/request-reads";

describe("a cache read for a token not yet verified", () => {
  it("is cached only once kept, and a later read loads again until then", async () => {
    const cache = new TtlCache<string>(5_000);
    let loads = 0;
    const load = async () => `value ${++loads}`;
    const first = await cache.read("k", load);
    expect(first.value).toBe("value 1");
    expect(cache.peek("k")).toBeUndefined();
    expect((await cache.read("k", load)).value).toBe("value 2");
    first.keep();
    expect(cache.peek("k")).toBe("value 1");
    const hit = await cache.read("k", load);
    expect(hit.value).toBe("value 1");
    expect(loads).toBe(2);
  });
});

describe("the items the caller lookup keeps for its request", () => {
  const key = { pk: "CO#a", sk: "META" };

  it("are taken once, by the same request only", async () => {
    await withRequestReads(async () => {
      keepForRequest(key, { name: "A" }, true);
      await withRequestReads(async () => expect(takeKeptRead(key, false)).toBeUndefined());
      expect(takeKeptRead(key, true)?.item).toEqual({ name: "A" });
      expect(takeKeptRead(key, true)).toBeUndefined();
    });
    expect(takeKeptRead(key, false)).toBeUndefined();
  });

  it("do not stand in for a strongly consistent read when they were read eventually", async () => {
    await withRequestReads(async () => {
      keepForRequest(key, { name: "A" }, false);
      expect(takeKeptRead(key, true)).toBeUndefined();
      expect(takeKeptRead(key, false)?.item).toEqual({ name: "A" });
    });
  });

  it("are not kept outside a request", () => {
    keepForRequest(key, { name: "A" }, true);
    expect(withRequestReads(() => takeKeptRead(key, true))).toBeUndefined();
  });
});

describe("the query pages the caller lookup starts for its request", () => {
  const query = { KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "CO#a#BROWSE" }, Limit: 26 };

  it("are taken once, by the same request only, and only for the very same input", async () => {
    await withRequestReads(async () => {
      const page = Promise.resolve({ Items: [] });
      keepQueryForRequest(query, page);
      await withRequestReads(async () => expect(takeKeptQuery(query)).toBeUndefined());
      expect(takeKeptQuery({ ...query, ExpressionAttributeValues: { ":pk": "CO#b#BROWSE" } })).toBeUndefined();
      expect(takeKeptQuery({ ...query, Limit: 101 })).toBeUndefined();
      expect(takeKeptQuery(query)).toBe(page);
      expect(takeKeptQuery(query)).toBeUndefined();
    });
  });
});

describe("a route's first reads", () => {
  const answer = async () => ({ status: 200 });

  it("are only for routes that read: a write must read the table itself", () => {
    expect(() => withFirstReads(clients.patchClient, answer, () => ({}))).toThrow(/only a GET/);
    const route = withFirstReads(clients.getClient, answer, (companyId, { params }) => ({
      items: clientRecordKeys(companyId, params.clientId),
    }));
    expect(route.readsFirst?.("co_a", { params: { clientId: "cl_1" }, query: undefined })).toEqual({
      items: clientRecordKeys("co_a", "cl_1"),
    });
  });

  it("name no item for a path parameter that is no id (it could reach into another key)", () => {
    expect(clientRecordKeys("co_a", "cl_1#INVOICE")).toEqual([]);
    expect(clientRecordKeys("co_a", undefined)).toEqual([]);
    expect(clientRecordKeys("co_a", "cl_1")).toHaveLength(1);
  });
});
