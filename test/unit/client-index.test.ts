import type { Client } from "../../lib/domain/client";
import { MAX_PHONE_DUPLICATE_KEYS } from "../../lib/store/indexing/duplicate-keys";
import { indexItems, indexWrites } from "../../lib/store/indexing/index-entries";
import { MAX_TOKENS } from "../../lib/store/indexing/text";
import { BROWSE_INDEXES, BROWSE_PARTITION_ATTRIBUTE } from "../../lib/store/table";
import type { TransactItem } from "../../lib/store/transact";
import { clientFixture } from "../helpers/client-fixture";

const CO = "co_test";

const ada: Client = clientFixture({
  id: "cl_ada",
  firstName: "Ada",
  lastName: "Lovelace",
  company: "Analytical Engines",
  email: "ada@example.com",
  currency: "GBP",
  username: "ada@example.com",
  usernameIsEmail: true,
  marketing: { optIn: true, changedAt: "2026-01-01T00:00:00.000Z", source: "staff" },
});

const keyOf = (write: TransactItem) => {
  const key = (write.Put?.Item ?? write.Delete?.Key)!;
  return `${write.Put ? "put" : "delete"} ${key.pk} ${key.sk}`;
};
const puts = (writes: TransactItem[]) => writes.filter((w) => w.Put).map((w) => w.Put!.Item!);
const deletes = (writes: TransactItem[]) => writes.filter((w) => w.Delete).map((w) => w.Delete!.Key!);

describe("index entries of a client", () => {
  it("are four browse entries with every sort value, a token entry per token, and an audience entry", () => {
    const items = indexItems(CO, ada);
    const browse = items.filter((item) => item.itemType === "browse-index");
    expect(browse.map((item) => item[BROWSE_PARTITION_ATTRIBUTE])).toEqual([
      `CO#${CO}#BROWSE`,
      `CO#${CO}#BROWSE#ST#active`,
      `CO#${CO}#BROWSE#GR#grp_general`,
      `CO#${CO}#BROWSE#GR#grp_general#ST#active`,
    ]);
    for (const item of browse) {
      expect(item.pk).toBe(`CO#${CO}#CL#cl_ada`);
      for (const index of Object.values(BROWSE_INDEXES)) expect(typeof item[index.sortKey]).toBe("string");
      expect(item[BROWSE_INDEXES.lastName.sortKey]).toBe("lovelace 000000001500");
    }
    const tokens = items.filter((item) => item.itemType === "search-index");
    expect(tokens.map((item) => item.sk)).toEqual(
      ["1500", "ada", "lovelace", "example", "com", "analytical", "engines"].map((t) => `${t} cl_ada`),
    );
    expect(items.filter((item) => item.itemType === "audience-index")).toEqual([
      expect.objectContaining({ pk: `CO#${CO}#MARKETING`, sk: "000000001500#cl_ada", clientId: "cl_ada" }),
    ]);
    expect(new Set(items.map((item) => `${item.pk} ${item.sk}`)).size).toBe(items.length);
  });

  it("leave the audience when the client opts out or is not active", () => {
    const optedOut = indexItems(CO, { ...ada, marketing: { ...ada.marketing, optIn: false } });
    const inactive = indexItems(CO, { ...ada, status: "inactive" });
    for (const items of [optedOut, inactive]) {
      expect(items.some((item) => item.itemType === "audience-index")).toBe(false);
    }
  });
});

describe("indexWrites", () => {
  it("puts every entry on create and deletes every entry on delete", () => {
    const count = indexItems(CO, ada).length;
    const created = indexWrites(CO, null, ada);
    expect(puts(created)).toHaveLength(count);
    expect(deletes(created)).toHaveLength(0);
    const removed = indexWrites(CO, ada, null);
    expect(deletes(removed)).toHaveLength(count);
    expect(removed.map(keyOf).map((k) => k.replace("delete", "put"))).toEqual(created.map(keyOf));
  });

  it("writes nothing when no listed field changes", () => {
    expect(indexWrites(CO, ada, { ...ada, address1: "12 St James's Square", version: 2 })).toEqual([]);
  });

  it("moves a renamed client: the old token and name entry go, the new ones come, the rest carry the new summary", () => {
    const writes = indexWrites(CO, ada, { ...ada, lastName: "Byron" });
    expect(deletes(writes)).toEqual([
      { pk: `CO#${CO}#TOKEN#l`, sk: "lovelace cl_ada" },
      { pk: `CO#${CO}#DUP#name#ada lovelace`, sk: "cl_ada" },
    ]);
    expect(
      puts(writes)
        .filter((item) => item.itemType === "duplicate-index")
        .map((item) => item.pk),
    ).toContain(`CO#${CO}#DUP#name#ada byron`);
    const putItems = puts(writes);
    expect(putItems.find((item) => item.sk === "byron cl_ada")).toBeDefined();
    expect(putItems.filter((item) => item.itemType === "browse-index")).toHaveLength(4);
    expect(putItems.every((item) => item.lastName === "Byron")).toBe(true);
    expect(putItems.find((item) => item.sk === "BROWSE#all")![BROWSE_INDEXES.lastName.sortKey]).toBe(
      "byron 000000001500",
    );
  });

  it("re-keys the status lists and drops the audience entry on a status change", () => {
    const writes = indexWrites(CO, ada, { ...ada, status: "fraud" });
    expect(deletes(writes)).toEqual([{ pk: `CO#${CO}#MARKETING`, sk: "000000001500#cl_ada" }]);
    const byList = Object.fromEntries(
      puts(writes)
        .filter((item) => item.itemType === "browse-index")
        .map((item) => [item.sk, item[BROWSE_PARTITION_ATTRIBUTE]]),
    );
    expect(byList["BROWSE#status"]).toBe(`CO#${CO}#BROWSE#ST#fraud`);
    expect(byList["BROWSE#group-status"]).toBe(`CO#${CO}#BROWSE#GR#grp_general#ST#fraud`);
  });

  it("stays within one transaction even when every token changes", () => {
    const many = (prefix: string) => Array.from({ length: 40 }, (_, i) => `${prefix}${i}`).join(" ");
    const phones = (area: string) =>
      Array.from({ length: 20 }, (_, i) => ({
        type: "phone" as const,
        location: "home" as const,
        number: `+44 20 7946 ${area}${String(i).padStart(2, "0")}`,
        e164: `+44207946${area}${String(i).padStart(2, "0")}`,
      }));
    const before = { ...ada, company: many("old"), phones: phones("01") };
    const after = {
      ...ada,
      phones: phones("02"),
      firstName: "Augusta",
      lastName: "King",
      email: "augusta@king.example",
      company: many("new"),
    };
    const writes = indexWrites(CO, before, after);
    // Tokens out and in, four browse entries, the audience entry, and the duplicate entries out and in.
    expect(writes.length).toBeLessThanOrEqual(2 * MAX_TOKENS + 5 + 2 * (2 + MAX_PHONE_DUPLICATE_KEYS));
    // DynamoDB refuses a transaction that touches one item twice.
    expect(new Set(writes.map((w) => keyOf(w).split(" ").slice(1).join(" "))).size).toBe(writes.length);
  });
});
