import { TtlCache } from "../../lib/cache/ttl-cache";
import { keepForRequest, takeKeptRead, withRequestReads } from "../../lib/store/request-reads";

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
