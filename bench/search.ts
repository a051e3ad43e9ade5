/**
 * `npm run bench:search`: what browse, search and the marketing audience cost
 * per page as one company grows to 1,000, 10,000 and 100,000 clients, next to
 * a naive Scan + filter, and what keeping the index costs per client write.
 * Other sizes: `npm run bench:search -- 1000 20000`. With `--search-only` the
 * seeding writes only the search index items (a sixth of the items, for a
 * quick 100,000 on a slow machine) and only the searches are measured.
 *
 * The company is seeded straight through the store's code (each client's
 * index items from lib/store/indexing/index-entries.ts) with BatchWriteItem into
 * DynamoDB Local; the naive baseline gets the same clients in a plain table
 * on a second DynamoDB Local, as a design without index items would have them.
 */
import { randomBytes } from "node:crypto";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { ClientStatus } from "../lib/domain/client";
import type { StoredClient } from "../lib/store/client-repository";
import type { BrowseSort } from "../lib/store/indexing/client-summary";
import { noReadCost, type ReadCost } from "../lib/store/read-cost";
import { machine, percentile, printMachine, printTable, round, writeResult } from "./report";
import { BENCH_GROUPS, benchClient } from "./search-data";
import {
  createIndexedTable,
  createPlainTable,
  documentClient,
  naiveSearch,
  seed,
  startDynamoDbLocal,
} from "./search-stack";

// Before any module creates the logger (it is imported in main).
process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";

const SIZES = process.argv.slice(2).map(Number).filter(Boolean);
if (SIZES.length === 0) SIZES.push(1_000, 10_000, 100_000);
const SEARCH_ONLY = process.argv.includes("--search-only");
const SEED_CONCURRENCY = Number(process.env.BENCH_SEED_CONCURRENCY ?? 6);
const PAGE_SIZE = 25;
/** Pages read per browse list and the audience: the first and those that follow it by cursor (each costs the same). */
const PAGES = 6;
/**
 * Pages read per search: with several words a page's cost depends on how
 * often the other words go with the word read where the page falls in token
 * order, so the mean is taken over a long stretch of the results.
 */
const SEARCH_PAGES = 200;
/** Scan segments of the naive search that reads the whole table. */
const NAIVE_SEGMENTS = 8;
const COMPANY = "co_bench";
const TABLE = "clientele-bench";
const NAIVE_TABLE = "clientele-bench-naive";
/** The goal: items read per page at the largest size within this share of the figure at the smallest. */
const FLAT_TOLERANCE = 0.1;

const BROWSE_FILTERS: { label: string; status?: ClientStatus; groupId?: string }[] = [
  { label: "all" },
  { label: "status=inactive", status: "inactive" },
  { label: "group=vip", groupId: BENCH_GROUPS.vip },
  { label: "group=vip&status=active", groupId: BENCH_GROUPS.vip, status: "active" },
];
const SORTS: BrowseSort[] = ["number", "firstName", "lastName", "company", "email", "createdAt"];

/**
 * Queries with at least two pages of results at every size (5% to 27% of
 * clients match), and one whose words rarely meet: its pages read past the
 * budget until they hold a result, so they are not flat.
 */
const SEARCHES: { q: string; flat: boolean }[] = [
  { q: "ma", flat: true },
  { q: "s", flat: true },
  { q: "hosting", flat: true },
  { q: "m s", flat: true },
  { q: "j example", flat: true },
  { q: "ma example", flat: true },
  { q: "m s e", flat: true },
  { q: "l s example", flat: true },
  { q: "maria garcia", flat: false },
];

interface Sample {
  itemsRead: number;
  capacityUnits: number;
  ms: number;
  results: number;
  /** The list's last page: it may hold fewer results and costs less, so it is left out of the means when others exist. */
  last: boolean;
}

interface Row {
  operation: string;
  /** Whether the goal (flat items read per page) applies. */
  flat: boolean;
  bySize: Record<number, Sample[]>;
}

interface Page {
  items: unknown[];
  nextCursor: string | null;
}

async function main(): Promise<void> {
  const info = machine();
  printMachine(info);
  const started = Date.now();
  const [indexed, plain] = await Promise.all([startDynamoDbLocal(), startDynamoDbLocal()]);
  try {
    // The store's own client reaches the indexed DynamoDB Local through the environment, as in the cloud.
    Object.assign(process.env, {
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_ENDPOINT_URL_DYNAMODB: indexed.endpoint,
      CLIENTELE_TABLE_NAME: TABLE,
      CLIENTELE_CURSOR_SECRET: randomBytes(32).toString("base64url"),
    });
    const { browseClients } = await import("../lib/search/browse-clients");
    const { searchClients } = await import("../lib/search/search-clients");
    const { marketingAudience } = await import("../lib/search/marketing-audience");
    const { indexItems } = await import("../lib/store/indexing/index-entries");
    const { toItem } = await import("../lib/store/items");
    const { keys } = await import("../lib/store/keys");
    const { db } = await import("../lib/store/client");
    await createIndexedTable(db(), TABLE);
    const naive = documentClient(plain.endpoint);
    await createPlainTable(naive, NAIVE_TABLE);

    const rows = new Map<string, Row>();
    const record = (operation: string, flat: boolean, size: number, samples: Sample[]) => {
      const row = rows.get(operation) ?? { operation, flat, bySize: {} };
      row.bySize[size] = [...(row.bySize[size] ?? []), ...samples];
      rows.set(operation, row);
    };
    const seeding: { size: number; indexItems: number; seconds: number }[] = [];

    let seeded = 0;
    for (const size of SIZES) {
      console.log(`Seeding clients ${seeded.toLocaleString("en")} to ${size.toLocaleString("en")}`);
      const seedStart = Date.now();
      const indexed = {
        client: db(),
        table: TABLE,
        itemsOf: (i: number) =>
          indexItems(COMPANY, benchClient(COMPANY, i)).filter(
            (item) => !SEARCH_ONLY || item.itemType === "search-index",
          ),
      };
      const targets = [
        indexed,
        {
          client: naive,
          table: NAIVE_TABLE,
          itemsOf: (i: number) => {
            const client = benchClient(COMPANY, i);
            return [toItem(keys.client(COMPANY, client.id), "client", client)];
          },
        },
      ];
      const written = await seed(SEARCH_ONLY ? [indexed] : targets, seeded, size, SEED_CONCURRENCY);
      seeding.push({ size, indexItems: written - (size - seeded), seconds: round((Date.now() - seedStart) / 1000) });
      seeded = size;

      console.log(`Measuring at ${size.toLocaleString("en")} clients`);
      const browse = (filter: (typeof BROWSE_FILTERS)[number], sort: BrowseSort, order: "asc" | "desc") =>
        pages((cursor, cost) =>
          browseClients(
            COMPANY,
            { status: filter.status, groupId: filter.groupId, sort, order, limit: PAGE_SIZE, cursor },
            cost,
          ),
        );
      if (!SEARCH_ONLY) await browse(BROWSE_FILTERS[0]!, "lastName", "asc"); // warm-up
      for (const filter of SEARCH_ONLY ? [] : BROWSE_FILTERS) {
        for (const sort of SORTS) {
          for (const order of ["asc", "desc"] as const) {
            record(`browse ${filter.label} by ${sort}`, true, size, await browse(filter, sort, order));
          }
        }
      }
      for (const { q, flat } of SEARCHES) {
        const samples = await pages(
          (cursor, cost) => searchClients(COMPANY, { q, limit: PAGE_SIZE, cursor }, cost),
          SEARCH_PAGES,
        );
        const words = q.split(" ").length;
        record(`search, ${words} word${words > 1 ? "s" : ""}: "${q}"`, flat, size, samples);
      }
      if (SEARCH_ONLY) continue;
      record(
        "marketing audience",
        true,
        size,
        await pages((cursor, cost) => marketingAudience(COMPANY, { limit: PAGE_SIZE, cursor }, cost)),
      );
      record('naive Scan + filter: "ma", first page', false, size, [
        { ...(await naiveSearch(naive, NAIVE_TABLE, "ma", PAGE_SIZE)), last: true },
      ]);
      record(`naive Scan + filter: "maria garcia", to the end (${NAIVE_SEGMENTS} segments)`, false, size, [
        { ...(await naiveSearch(naive, NAIVE_TABLE, "maria garcia", PAGE_SIZE, NAIVE_SEGMENTS)), last: true },
      ]);
    }

    console.log("Measuring client writes");
    const writes = SEARCH_ONLY ? [] : await measureWrites();
    report(info, [...rows.values()], seeding, writes, (Date.now() - started) / 1000);
  } finally {
    await Promise.all([indexed.stop(), plain.stop()]);
  }
}

/** Reads up to `count` pages of a list, one after another by cursor, timing and costing each. */
async function pages(
  read: (cursor: string | undefined, cost: ReadCost) => Promise<Page>,
  count = PAGES,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < count; i++) {
    const cost = noReadCost();
    const start = performance.now();
    const page = await read(cursor, cost);
    samples.push({
      itemsRead: cost.itemsRead,
      capacityUnits: cost.capacityUnits,
      ms: performance.now() - start,
      results: page.items.length,
      last: !page.nextCursor,
    });
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return samples;
}

// --- write amplification -----------------------------------------------------

interface WriteCost {
  write: string;
  /** Index items put or deleted (the client item not counted). */
  indexItems: number;
  /** GSI entries written, a changed key counting twice (delete and put), as DynamoDB bills them. */
  gsiEntries: number;
  /** What DynamoDB bills for the index: 2 WCU per started KB per item in a transaction, 1 per GSI entry write. */
  indexWcu: number;
  /** The same for the client item itself, for scale. */
  clientWcu: number;
  /** Write units DynamoDB Local reports for the whole transaction (table + GSIs). */
  reportedWcu: number;
}

const SAMPLE_WRITES = 20;

/** Client writes with their index writes, in one transaction as the client repository sends them. */
async function measureWrites(): Promise<WriteCost[]> {
  const { indexItems, indexWrites } = await import("../lib/store/indexing/index-entries");
  const { toItem } = await import("../lib/store/items");
  const { keys } = await import("../lib/store/keys");
  const { db, tableName } = await import("../lib/store/client");
  const { BROWSE_INDEXES, BROWSE_PARTITION_ATTRIBUTE } = await import("../lib/store/table");
  const sortKeys = Object.values(BROWSE_INDEXES).map((index) => index.sortKey);
  const kb = (item: Record<string, unknown>) => Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(item)) / 1024));

  /** GSI entry writes for replacing `old` (or nothing) by `next` (or nothing). */
  const gsiWrites = (old: Record<string, unknown> | undefined, next: Record<string, unknown> | undefined) => {
    if (!old?.[BROWSE_PARTITION_ATTRIBUTE] && !next?.[BROWSE_PARTITION_ATTRIBUTE]) return 0;
    return sortKeys.reduce((sum, sortKey) => {
      if (!old || !next) return sum + 1;
      const keyMoved =
        old[BROWSE_PARTITION_ATTRIBUTE] !== next[BROWSE_PARTITION_ATTRIBUTE] || old[sortKey] !== next[sortKey];
      return sum + (keyMoved ? 2 : 1);
    }, 0);
  };

  const changes: [string, (c: StoredClient) => StoredClient | null][] = [
    ["create", (c) => c],
    ["rename (last name)", (c) => ({ ...c, lastName: `${c.lastName}son`, version: c.version + 1 })],
    ["marketing opt-out", (c) => ({ ...c, marketing: { ...c.marketing, optIn: false }, version: c.version + 1 })],
    ["status change", (c) => ({ ...c, status: c.status === "active" ? "inactive" : "active", version: c.version + 1 })],
    ["address edit (not listed)", (c) => ({ ...c, address1: "1 Main Street", version: c.version + 1 })],
    ["delete", () => null],
  ];
  const current = new Map<number, StoredClient>();
  const results: WriteCost[] = [];
  for (const [write, change] of changes) {
    const total = { indexItems: 0, gsiEntries: 0, indexWcu: 0, clientWcu: 0, reportedWcu: 0 };
    for (let k = 0; k < SAMPLE_WRITES; k++) {
      const i = 10_000_000 + k;
      const before = current.get(i) ?? null;
      // Sample clients opt in, so that the audience entry is part of their writes.
      const fresh = benchClient(COMPANY, i);
      const after = change(before ?? { ...fresh, marketing: { ...fresh.marketing, optIn: true } });
      const writes = indexWrites(COMPANY, before, after);
      const oldItems = new Map(
        (before ? indexItems(COMPANY, before) : []).map((item) => [`${item.pk} ${item.sk}`, item]),
      );
      for (const w of writes) {
        const key = (w.Put?.Item ?? w.Delete?.Key)!;
        const old = oldItems.get(`${key.pk} ${key.sk}`);
        const next = w.Put?.Item;
        total.indexWcu += 2 * kb(next ?? old ?? {}) + gsiWrites(old, next) * kb(next ?? old ?? {});
        total.gsiEntries += gsiWrites(old, next);
      }
      const clientItem = after
        ? { Put: { TableName: tableName(), Item: toItem(keys.client(COMPANY, after.id), "client", after) } }
        : { Delete: { TableName: tableName(), Key: keys.client(COMPANY, before!.id) } };
      const { ConsumedCapacity } = await db().send(
        new TransactWriteCommand({ TransactItems: [clientItem, ...writes], ReturnConsumedCapacity: "INDEXES" }),
      );
      total.indexItems += writes.length;
      total.clientWcu += 2 * kb(after ? toItem(keys.client(COMPANY, after.id), "client", after) : {});
      total.reportedWcu += ConsumedCapacity?.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0) ?? 0;
      if (after) current.set(i, after);
    }
    const mean = (value: number) => round(value / SAMPLE_WRITES);
    results.push({
      write,
      indexItems: mean(total.indexItems),
      gsiEntries: mean(total.gsiEntries),
      indexWcu: mean(total.indexWcu),
      clientWcu: mean(total.clientWcu),
      reportedWcu: mean(total.reportedWcu),
    });
  }
  return results;
}

// --- report ------------------------------------------------------------------

function report(
  info: ReturnType<typeof machine>,
  rows: Row[],
  seeding: { size: number; indexItems: number; seconds: number }[],
  writes: WriteCost[],
  totalSeconds: number,
): void {
  const mean = (samples: Sample[], pick: (s: Sample) => number) =>
    samples.length === 0 ? Number.NaN : samples.reduce((sum, s) => sum + pick(s), 0) / samples.length;
  const first = SIZES[0]!;
  const last = SIZES.at(-1)!;
  const previous = SIZES.at(-2) ?? first;
  const lists = rows.map((row) => {
    const bySize = Object.fromEntries(
      SIZES.map((size) => {
        const all = row.bySize[size] ?? [];
        const samples = all.some((s) => !s.last) ? all.filter((s) => !s.last) : all;
        return [
          size,
          {
            pages: samples.length,
            itemsReadPerPage: round(mean(samples, (s) => s.itemsRead)),
            capacityUnitsPerPage: round(
              mean(samples, (s) => s.capacityUnits),
              2,
            ),
            resultsPerPage: round(mean(samples, (s) => s.results)),
            // Over every page read, the last included: an empty page before the end reads as "no results".
            emptyPagesWithMore: all.filter((s) => s.results === 0 && !s.last).length,
            pagesRead: all.length,
            maxItemsReadPerPage: Math.max(...all.map((s) => s.itemsRead)),
            p50Ms: round(
              percentile(
                samples.map((s) => s.ms),
                50,
              ),
            ),
            p99Ms: round(
              percentile(
                samples.map((s) => s.ms),
                99,
              ),
            ),
          },
        ];
      }),
    );
    const change = bySize[last]!.itemsReadPerPage / bySize[first]!.itemsReadPerPage - 1;
    const lastStep = bySize[last]!.itemsReadPerPage / bySize[previous]!.itemsReadPerPage - 1;
    const flat = Math.abs(change) <= FLAT_TOLERANCE;
    return {
      operation: row.operation,
      goalApplies: row.flat,
      flat,
      itemsReadChangePercent: round(change * 100),
      itemsReadLastStepPercent: round(lastStep * 100),
      bySize,
    };
  });

  const percent = (value: number) => `${value > 0 ? "+" : ""}${value}%`;
  const label = (size: number) => (size >= 1000 ? `${size / 1000}k` : String(size));
  console.log(
    `\nPer page of ${PAGE_SIZE}: items read, read capacity units (RCU), results; mean over the first ${PAGES} pages (searches: ${SEARCH_PAGES}) but the last`,
  );
  printTable(
    [
      "list",
      ...SIZES.map((s) => `items ${label(s)}`),
      ...SIZES.map((s) => `RCU ${label(s)}`),
      ...SIZES.map((s) => `found ${label(s)}`),
      `${label(first)}->${label(last)}`,
      `${label(previous)}->${label(last)}`,
      "flat",
    ],
    lists.map((row) => [
      row.operation,
      ...SIZES.map((s) => row.bySize[s]!.itemsReadPerPage),
      ...SIZES.map((s) => row.bySize[s]!.capacityUnitsPerPage),
      ...SIZES.map((s) => row.bySize[s]!.resultsPerPage),
      percent(row.itemsReadChangePercent),
      percent(row.itemsReadLastStepPercent),
      row.goalApplies ? (row.flat ? "yes" : "NO") : "n/a",
    ]),
  );
  const searches = lists.filter((row) => row.operation.startsWith("search"));
  console.log(
    `\nSearch pages (up to ${SEARCH_PAGES} per query): items read per page (mean, max), and pages answered empty while more results remained (goal 0)`,
  );
  printTable(
    [
      "search",
      ...SIZES.map((s) => `items ${label(s)}`),
      ...SIZES.map((s) => `max ${label(s)}`),
      ...SIZES.map((s) => `pages ${label(s)}`),
      ...SIZES.map((s) => `empty+more ${label(s)}`),
    ],
    searches.map((row) => [
      row.operation,
      ...SIZES.map((s) => row.bySize[s]!.itemsReadPerPage),
      ...SIZES.map((s) => row.bySize[s]!.maxItemsReadPerPage),
      ...SIZES.map((s) => row.bySize[s]!.pagesRead),
      ...SIZES.map((s) => `${round((100 * row.bySize[s]!.emptyPagesWithMore) / row.bySize[s]!.pagesRead)}%`),
    ]),
  );
  const emptyWithMore = searches.reduce(
    (sum, row) => sum + SIZES.reduce((n, s) => n + row.bySize[s]!.emptyPagesWithMore, 0),
    0,
  );
  console.log(`Empty pages while more results remained, all searches and sizes: ${emptyWithMore} (goal 0)`);
  console.log("\nLatency per page on DynamoDB Local, ms");
  printTable(
    ["list", ...SIZES.map((s) => `p50 ${label(s)}`), ...SIZES.map((s) => `p99 ${label(s)}`)],
    lists.map((row) => [
      row.operation,
      ...SIZES.map((s) => row.bySize[s]!.p50Ms),
      ...SIZES.map((s) => row.bySize[s]!.p99Ms),
    ]),
  );
  console.log(
    `\nWrite amplification per client write (mean of ${SAMPLE_WRITES}, each one transaction with the client item)`,
  );
  printTable(
    ["write", "index items", "GSI entry writes", "index WCU", "client item WCU", "WCU reported by DynamoDB Local"],
    writes.map((w) => [w.write, w.indexItems, w.gsiEntries, w.indexWcu, w.clientWcu, w.reportedWcu]),
  );
  console.log("\nSeeding");
  printTable(
    ["clients", "index items", "seconds"],
    seeding.map((s) => [s.size, s.indexItems, s.seconds]),
  );
  const applicable = lists.filter((row) => row.goalApplies);
  console.log(
    `\nGoal, items read per page at ${last} within ${FLAT_TOLERANCE * 100}% of ${first}: ${applicable.filter((r) => r.flat).length} of ${applicable.length} lists. Run time ${Math.round(totalSeconds)} s.`,
  );
  const file = writeResult(SEARCH_ONLY ? "search-only" : "search", {
    machine: info,
    sizes: SIZES,
    pageSize: PAGE_SIZE,
    pagesPerList: PAGES,
    pagesPerSearch: SEARCH_PAGES,
    totalSeconds: round(totalSeconds),
    seeding,
    lists,
    writes,
  });
  console.log(`Written to ${file}`);
}

await main();
// The SDK's keep-alive sockets would hold the process open.
process.exit(0);
