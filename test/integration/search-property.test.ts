import fc from "fast-check";
import { createCompany } from "../../lib/companies/create-company";
import type { ClientStatus } from "../../lib/domain/client";
import { newId } from "../../lib/domain/ids";
import { createGroup } from "../../lib/groups/group-service";
import { type BrowseQuery, browseClients } from "../../lib/search/browse-clients";
import { marketingAudience } from "../../lib/search/marketing-audience";
import { searchClients } from "../../lib/search/search-clients";
import { finalizeClient, reserveClient } from "../../lib/store/client-creation-repository";
import {
  markClientDeleting,
  purgeClientPartition,
  removeClientRecord,
} from "../../lib/store/client-removal-repository";
import { replaceClient, type StoredClient } from "../../lib/store/client-repository";
import { BROWSE_SORTS, type BrowseSort, type ClientSummary } from "../../lib/store/indexing/client-summary";
import { matchesAll, queryWords, searchTokens, sortableEmail, sortableText } from "../../lib/store/indexing/text";
import { clientDeletedEvent } from "../../lib/webhooks/events";
import { clientFixture } from "../helpers/client-fixture";

/**
 * Random sequences of creates, edits, status changes and deletes, written
 * through the repository as the services write them; then every browse list,
 * a set of searches and the marketing audience must list exactly what a plain
 * in-memory model of the live clients says (browse and audience in the same
 * order), page by page, each client once.
 */

const STATUSES: ClientStatus[] = ["active", "inactive", "fraud"];

const fieldsArb = fc.record({
  firstName: fc.constantFrom("Zoë", "zoe", "Ada", "ada", "Émile", "Ánna", "Anna", "Mary Ann", "Maryann"),
  lastName: fc.constantFrom("Lovelace", "lovelace", "O'Brien", "Obrien", "Ørsted", "Zimmer"),
  company: fc.constantFrom(null, "Acme", "acme", "Émile SA", "Analytical Engines"),
  email: fc.constantFrom("ada@example.com", "zoe.z@acme.io", "Bob@Example.com", "e@zimmer.example"),
  marketingOptIn: fc.boolean(),
  inVip: fc.boolean(),
});
type Fields = typeof fieldsArb extends fc.Arbitrary<infer T> ? T : never;

const commandArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("create" as const),
      fields: fieldsArb,
      status: fc.constantFrom(...STATUSES),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("edit" as const),
      target: fc.nat(),
      fields: fieldsArb,
      keep: fc.subarray(["firstName", "lastName", "company", "email", "marketingOptIn", "inVip"] as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("status" as const),
      target: fc.nat(),
      status: fc.constantFrom(...STATUSES),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), target: fc.nat() }) },
);
type Command = typeof commandArb extends fc.Arbitrary<infer T> ? T : never;

const QUERIES = [
  "zoe",
  "ZOË",
  "a",
  "ada lov",
  "obrien",
  "o brien",
  "emile",
  "acme",
  "mary ann",
  "example",
  "15",
  "lovelace zoe",
];

interface World {
  companyId: string;
  general: string;
  vip: string;
  live: StoredClient[];
  nextNumber: number;
}

async function newWorld(): Promise<World> {
  const company = await createCompany({ name: "Property" });
  const vip = await createGroup(company.id, newId("grp"), {
    name: "VIP",
    description: "",
    color: "#6b7280",
    settings: { taxExemptByDefault: false, allowSignup: false },
  });
  return { companyId: company.id, general: company.signupGroupId, vip: vip.id, live: [], nextNumber: 1500 };
}

function withFields(client: StoredClient, fields: Partial<Fields>, world: World): StoredClient {
  const { inVip, marketingOptIn, ...contact } = fields;
  return {
    ...client,
    ...contact,
    ...(inVip === undefined ? {} : { groupId: inVip ? world.vip : world.general }),
    ...(marketingOptIn === undefined || marketingOptIn === client.marketing.optIn
      ? {}
      : { marketing: { optIn: marketingOptIn, changedAt: new Date().toISOString(), source: "staff" as const } }),
  };
}

async function apply(world: World, command: Command): Promise<void> {
  if (command.kind === "create") {
    const id = newId("cl");
    const now = new Date().toISOString();
    const blank = clientFixture({
      id,
      companyId: world.companyId,
      number: world.nextNumber++,
      username: `prop-${id}`,
      groupId: world.general,
      status: command.status,
      marketing: { optIn: false, changedAt: now, source: "staff" },
      createdAt: now,
      updatedAt: now,
    });
    const client = withFields(blank, command.fields, world);
    await reserveClient(client);
    expect(await finalizeClient(client, { history: [], puts: [], events: [] })).toBe(true);
    world.live.push(client);
    return;
  }
  if (world.live.length === 0) return;
  const index = command.target % world.live.length;
  const before = world.live[index]!;
  if (command.kind === "delete") {
    expect(await markClientDeleting(before, clientDeletedEvent(before))).toBe(true);
    await purgeClientPartition(world.companyId, before.id);
    await removeClientRecord(before);
    world.live.splice(index, 1);
    return;
  }
  const change =
    command.kind === "status"
      ? { ...before, status: command.status }
      : withFields(before, Object.fromEntries(command.keep.map((name) => [name, command.fields[name]])), world);
  const after = { ...change, version: before.version + 1 };
  await replaceClient(before, after, [], []);
  world.live[index] = after;
}

/** Code-point order, as DynamoDB compares keys. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const SORT_VALUE: Record<BrowseSort, (c: StoredClient) => string> = {
  number: () => "",
  firstName: (c) => sortableText(c.firstName),
  lastName: (c) => sortableText(c.lastName),
  company: (c) => sortableText(c.company),
  email: (c) => sortableEmail(c.email),
  createdAt: (c) => c.createdAt,
};

function modelBrowse(world: World, query: Omit<BrowseQuery, "limit">): string[] {
  const listed = world.live
    .filter((c) => (!query.status || c.status === query.status) && (!query.groupId || c.groupId === query.groupId))
    .sort((a, b) => compare(SORT_VALUE[query.sort](a), SORT_VALUE[query.sort](b)) || a.number - b.number);
  if (query.order === "desc") listed.reverse();
  return listed.map((c) => c.id);
}

/** The clients a search must find, by id; search orders them by the word it chose to read. */
function modelSearch(world: World, q: string): string[] {
  const words = queryWords(q);
  return world.live
    .filter((c) => matchesAll(searchTokens(c), words))
    .map((c) => c.id)
    .sort();
}

async function allPages<T>(read: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>) {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await read(cursor);
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
  throw new Error("a list did not end");
}

const ids = (items: ClientSummary[]) => items.map((item) => item.id);

async function check(world: World, limit: number, queries: string[]): Promise<void> {
  const { companyId, vip, general } = world;
  const filters: Pick<BrowseQuery, "status" | "groupId">[] = [
    {},
    { status: "active" },
    { status: "fraud" },
    { groupId: vip },
    { groupId: general, status: "inactive" },
  ];
  for (const sort of BROWSE_SORTS) {
    for (const order of ["asc", "desc"] as const) {
      for (const filter of filters) {
        const query = { ...filter, sort, order };
        const listed = await allPages((cursor) => browseClients(companyId, { ...query, limit, cursor }));
        expect([query, ids(listed)]).toEqual([query, modelBrowse(world, query)]);
      }
    }
  }
  const byId = new Map(world.live.map((c) => [c.id, c]));
  for (const q of queries) {
    const found = await allPages((cursor) => searchClients(companyId, { q, limit, cursor }));
    expect([q, ids(found).sort()]).toEqual([q, modelSearch(world, q)]);
    expect(new Set(ids(found)).size).toBe(found.length);
    for (const item of found) expect(item.lastName).toBe(byId.get(item.id)!.lastName);
  }
  const audience = await allPages((cursor) => marketingAudience(companyId, { limit, cursor }));
  const expected = world.live
    .filter((c) => c.status === "active" && c.marketing.optIn)
    .sort((a, b) => a.number - b.number)
    .map((c) => c.id);
  expect(audience.map((member) => member.clientId)).toEqual(expected);
}

it("browse, search and the marketing audience agree with a model after random writes", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(commandArb, { minLength: 1, maxLength: 12 }),
      fc.integer({ min: 1, max: 4 }),
      fc.subarray(QUERIES, { minLength: 3, maxLength: 5 }),
      async (commands, limit, queries) => {
        const world = await newWorld();
        for (const command of commands) await apply(world, command);
        await check(world, limit, queries);
      },
    ),
    { numRuns: 6 },
  );
}, 180_000);
