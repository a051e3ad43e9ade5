import { randomBytes } from "node:crypto";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, type TestCompany } from "../helpers/companies";

let api: TestApi;
let co: TestCompany;
let other: TestCompany;
/** Usernames are unique across the installation; this run's start with a letter no query here asks for. */
const run = `r${randomBytes(4).toString("hex")}`;
const made: Record<string, { id: string; number: number }> = {};

const SMITHS = ["Alan", "Beth", "Cleo", "Dara", "Eli", "Finn", "Gus"];

const PEOPLE: [string, Record<string, unknown>][] = [
  [
    "zoe",
    { firstName: "Zoë", lastName: "Zimmer", company: "Émile SA", email: `zoe.zimmer-${run}@zimmer-partners.example` },
  ],
  [
    "ada",
    {
      firstName: "Ada",
      lastName: "Lovelace",
      company: "Analytical Engines Ltd",
      email: `ada-${run}@engines.example`,
      username: `stardust-${run}`,
      phones: [
        { type: "phone", location: "work", number: "+44 20 7946 0018 ext. 12" },
        { type: "fax", location: "work", number: "020 7946 0019" },
      ],
    },
  ],
  ["bob", { firstName: "Bob", lastName: "O'Brien", company: "Acme", email: `bob-${run}@obrien.example` }],
  ["grace", { firstName: "Grace", lastName: "Hopper", email: `grace-${run}@navy.example` }],
  ...SMITHS.map((firstName): [string, Record<string, unknown>] => [
    `smith-${firstName}`,
    { firstName, lastName: "Smith", email: `${firstName.toLowerCase()}-${run}@smiths.test` },
  ]),
];

const nameOf = (id: string) => Object.keys(made).find((key) => made[key]!.id === id);

async function search(q: string, extra = "", token = co.staff) {
  const res = await api.request("GET", `/v1/clients/search?q=${encodeURIComponent(q)}${extra}`, { token });
  expect([q, res.status]).toEqual([q, 200]);
  return res.body as { items: { id: string; status: string; lastName: string }[]; nextCursor: string | null };
}

/** Every result of a query, following cursors; the names of the clients found, in order. */
async function found(q: string, limit = 100, token = co.staff): Promise<(string | undefined)[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await search(q, `&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, token);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids.map(nameOf);
}

const sorted = async (q: string) => (await found(q)).sort();

beforeAll(async () => {
  api = await TestApi.start();
  [co, other] = await Promise.all([createTestCompany(api, "Search"), createTestCompany(api, "Elsewhere")]);
  for (const [name, fields] of PEOPLE) {
    const res = await api.request("POST", "/v1/clients", { token: co.staff, body: clientBody(fields) });
    expect(res.status).toBe(201);
    made[name] = res.body;
  }
  for (const lastName of ["Smith", "Smithers"]) {
    await api.request("POST", "/v1/clients", { token: other.staff, body: clientBody({ lastName }) });
  }
});
afterAll(() => api.close());

describe("what search finds", () => {
  it("ignores case and accents: zoe finds Zoë", async () => {
    for (const q of ["zoe", "ZOË", "Zoé", "zimm"]) expect([q, await found(q)]).toEqual([q, ["zoe"]]);
    expect(await found("emile")).toEqual(["zoe"]);
  });

  it("matches word prefixes of names, company, email local part and domain, and username", async () => {
    const cases: [string, string[]][] = [
      ["lov", ["ada"]],
      ["analyt", ["ada"]],
      ["eng", ["ada"]],
      ["partners", ["zoe"]],
      ["navy", ["grace"]],
      ["stardust", ["ada"]],
      ["brien", ["bob"]],
      ["obrien", ["bob"]],
      ["o'brien", ["bob"]],
      ["hop", ["grace"]],
      ["smithers", []],
      ["ovelace", []],
    ];
    for (const [q, expected] of cases) expect([q, await sorted(q)]).toEqual([q, expected]);
  });

  it("finds a client by number and by phone digits, as entered or in E.164 without +", async () => {
    expect(await found(String(made.grace!.number))).toEqual(["grace"]);
    for (const q of ["4420794600", "+44 20 7946 0018", "0207946", "02079460019", "442079460019", "(020) 7946-0019"]) {
      expect([q, await found(q)]).toEqual([q, ["ada"]]);
    }
    expect(await found("7946")).toEqual([]);
  });

  it("needs every word of the query to match", async () => {
    expect(await found("ada lovelace")).toEqual(["ada"]);
    expect(await found("lovelace ADA eng")).toEqual(["ada"]);
    expect(await found("ada zimmer")).toEqual([]);
    expect(await found("smith e")).toEqual(["smith-Eli"]);
    expect(await found("grace smith")).toEqual([]);
  });

  it("lists a client once even when several of its words match", async () => {
    const results = await found("a");
    expect(new Set(results).size).toBe(results.length);
    expect(results.sort()).toEqual(["ada", "bob", "smith-Alan"]);
  });

  it("never finds another company's clients", async () => {
    expect(await sorted("smith")).toEqual(SMITHS.map((n) => `smith-${n}`).sort());
    const theirs = await found("smith", 100, other.staff);
    expect(theirs).toHaveLength(2);
  });
});

describe("search pages", () => {
  it("pages with cursors: every match once, the same as one page", async () => {
    const whole = await search("smi", "&limit=100");
    expect(whole.nextCursor).toBeNull();
    expect(whole.items).toHaveLength(SMITHS.length);
    expect(await found("smi", 2)).toEqual(whole.items.map((item) => nameOf(item.id)));
    const first = await search("smi", "&limit=3");
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
  });

  it("answers 400 bad-cursor to a tampered cursor, another query's or another company's", async () => {
    const { nextCursor } = await search("smith", "&limit=2");
    const [body, signature] = nextCursor!.split(".");
    const forged = Buffer.from(JSON.stringify({ after: `smith ${made.ada!.id}` })).toString("base64url");
    const theirs = (await search("smith", "&limit=1", other.staff)).nextCursor!;
    const cases: [string, string, string][] = [
      ["altered position", "smith", `${forged}.${signature}`],
      ["another query's", "smi", nextCursor!],
      ["another company's", "smith", theirs],
      ["browse's", "smith", (await api.request("GET", "/v1/clients?limit=1", { token: co.staff })).body.nextCursor],
      ["no signature", "smith", body!],
    ];
    for (const [label, q, cursor] of cases) {
      const res = await api.request("GET", `/v1/clients/search?q=${q}&limit=2&cursor=${encodeURIComponent(cursor)}`, {
        token: co.staff,
      });
      expect([label, res.status, res.body.type]).toEqual([label, 400, expect.stringMatching(/\/bad-cursor$/)]);
    }
  });

  it("answers 422 with the parameter's name as the path for bad query parameters", async () => {
    const cases: [string, string][] = [
      ["", "q"],
      ["q=", "q"],
      ["q=%21%21%21", "q"],
      [`q=${"a".repeat(201)}`, "q"],
      ["q=ada&limit=0", "limit"],
      ["q=ada&limit=101", "limit"],
      ["q=ada&sort=name", "sort"],
    ];
    for (const [query, path] of cases) {
      const res = await api.request("GET", `/v1/clients/search?${query}`, { token: co.staff });
      const paths = new Set(res.body.errors?.map((e: { path: string }) => e.path));
      expect([query, res.status, [...paths]]).toEqual([query, 422, [path]]);
    }
  });
});

describe("search follows every write", () => {
  it("finds a renamed client by the new name only, shows its status, and forgets it once deleted", async () => {
    const res = await api.request("POST", "/v1/clients", {
      token: co.staff,
      body: clientBody({ firstName: "Percy", lastName: "Shelley", company: "Romantics" }),
    });
    const id = res.body.id as string;
    made.percy = res.body;
    expect(await found("shelley")).toEqual(["percy"]);

    const renamed = await api.request("PATCH", `/v1/clients/${id}`, { token: co.staff, body: { lastName: "Byron" } });
    expect(renamed.status).toBe(200);
    expect(await found("shelley")).toEqual([]);
    expect(await found("percy byron")).toEqual(["percy"]);
    expect(await found("romantics")).toEqual(["percy"]);

    await api.request("POST", `/v1/clients/${id}/status`, { token: co.staff, body: { status: "fraud" } });
    expect((await search("byron")).items).toEqual([
      expect.objectContaining({ id, status: "fraud", lastName: "Byron" }),
    ]);

    expect((await api.request("DELETE", `/v1/clients/${id}`, { token: co.staff })).status).toBe(204);
    for (const q of ["byron", "percy", "romantics", String(res.body.number)])
      expect([q, await found(q)]).toEqual([q, []]);
  });
});
