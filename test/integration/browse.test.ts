import { randomBytes } from "node:crypto";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";

let api: TestApi;
let co: TestCompany;
let other: TestCompany;
let vipGroupId: string;
/** Usernames are unique across the installation: this run's are its own. */
const run = randomBytes(4).toString("hex");
/** The clients of `co` by a short name, created in this order (so their numbers ascend in it). */
const made: Record<string, Summary> = {};

interface Summary {
  id: string;
  number: number;
  firstName: string;
  lastName: string;
  company: string | null;
  email: string;
  username: string;
  status: string;
  groupId: string;
  createdAt: string;
}

const PEOPLE: [string, Record<string, unknown>][] = [
  ["zoe1", { firstName: "Zoë", lastName: "Zimmer", company: "Émile SA", email: "zoe@zimmer.example" }],
  ["zoe2", { firstName: "zoe", lastName: "Adams", email: "adams@example.org" }],
  ["emile", { firstName: "Émile", lastName: "Ørsted", company: "acme", email: "Emile@Acme.example" }],
  ["ada1", { firstName: "ada", lastName: "Lovelace", company: "Analytical Engines", email: "ada1@engines.example" }],
  ["ada2", { firstName: "Ada", lastName: "lovelace", company: "analytical engines", email: "ada2@engines.example" }],
  ["anna", { firstName: "Ánna", lastName: "Björk", company: "Zeta", email: "bjork@example.is" }],
  ["bob", { firstName: "Bob", lastName: "O'Brien", company: "Acme", email: "bob@obrien.example" }],
  ["maryAnn", { firstName: "Mary Ann", lastName: "Evans", email: "eliot@example.com" }],
  ["maryann", { firstName: "Maryann", lastName: "Evans", email: "maryann@example.com" }],
];

const names = (items: Summary[]) => items.map((item) => Object.keys(made).find((key) => made[key]!.id === item.id));

async function list(query: string, token = co.staff) {
  const res = await api.request("GET", `/v1/clients?${query}`, { token });
  expect(res.status).toBe(200);
  return res.body as { items: Summary[]; nextCursor: string | null };
}

/** Every page of a list, following cursors. */
async function all(query: string, limit = 100): Promise<Summary[]> {
  const items: Summary[] = [];
  let cursor: string | null = null;
  do {
    const page = await list(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  api = await TestApi.start();
  [co, other] = await Promise.all([createTestCompany(api, "Browse"), createTestCompany(api, "Elsewhere")]);
  const group = await api.request("POST", "/v1/client-groups", { token: co.admin, body: { name: "VIP" } });
  expect(group.status).toBe(201);
  vipGroupId = group.body.id;
  for (const [index, [name, fields]] of PEOPLE.entries()) {
    const inVip = name === "ada2" || name === "bob" || name === "zoe1";
    const res = await api.request("POST", "/v1/clients", {
      token: co.staff,
      body: clientBody({ ...fields, username: `browse${index}-${run}`, ...(inVip ? { groupId: vipGroupId } : {}) }),
    });
    expect(res.status).toBe(201);
    made[name] = res.body;
  }
  for (const name of ["bob", "maryann"]) {
    const res = await api.request("POST", `/v1/clients/${made[name]!.id}/status`, {
      token: co.staff,
      body: { status: name === "bob" ? "fraud" : "inactive" },
    });
    expect(res.status).toBe(200);
  }
  for (const firstName of ["Other", "Another"]) {
    await api.request("POST", "/v1/clients", { token: other.staff, body: clientBody({ firstName }) });
  }
});
afterAll(() => api.close());

describe("browse order", () => {
  const byNumber = PEOPLE.map(([name]) => name);

  it("lists by client number by default, and in reverse", async () => {
    expect(names((await list("")).items)).toEqual(byNumber);
    expect(names((await list("order=desc")).items)).toEqual([...byNumber].reverse());
  });

  it("returns client summaries with the fields of the contract", async () => {
    const [first] = (await list("limit=1")).items;
    expect(Object.keys(first!).sort().join(" ")).toBe(
      "company createdAt email firstName groupId id lastName number status username",
    );
    expect(first).toMatchObject({ id: made.zoe1!.id, firstName: "Zoë", company: "Émile SA", groupId: vipGroupId });
  });

  it("sorts names case- and accent-insensitively, ties broken by client number", async () => {
    expect(names((await list("sort=firstName")).items)).toEqual([
      "ada1",
      "ada2",
      "anna",
      "bob",
      "emile",
      "maryAnn",
      "maryann",
      "zoe1",
      "zoe2",
    ]);
    expect(names((await list("sort=firstName&order=desc")).items)).toEqual([
      "zoe2",
      "zoe1",
      "maryann",
      "maryAnn",
      "emile",
      "bob",
      "anna",
      "ada2",
      "ada1",
    ]);
    expect(names((await list("sort=lastName")).items)).toEqual([
      "zoe2",
      "anna",
      "maryAnn",
      "maryann",
      "ada1",
      "ada2",
      "bob",
      "emile",
      "zoe1",
    ]);
  });

  it("sorts by company with clients without one first, and by email and creation time", async () => {
    expect(names((await list("sort=company")).items)).toEqual([
      "zoe2",
      "maryAnn",
      "maryann",
      "emile",
      "bob",
      "ada1",
      "ada2",
      "zoe1",
      "anna",
    ]);
    const byEmail = (await list("sort=email")).items.map((c) => c.email.toLowerCase());
    expect(byEmail).toEqual([...byEmail].sort());
    expect(names((await list("sort=createdAt&order=desc")).items)).toEqual([...byNumber].reverse());
  });
});

describe("browse filters", () => {
  it("filters by status, by group and by both, under every order", async () => {
    for (const sort of ["number", "firstName", "lastName", "company", "email", "createdAt"]) {
      const everyone = await list(`sort=${sort}`);
      const cases: [string, (c: Summary) => boolean][] = [
        ["status=active", (c) => c.status === "active"],
        ["status=fraud", (c) => c.status === "fraud"],
        [`groupId=${vipGroupId}`, (c) => c.groupId === vipGroupId],
        [`groupId=${vipGroupId}&status=active`, (c) => c.groupId === vipGroupId && c.status === "active"],
        [`groupId=${vipGroupId}&status=inactive`, () => false],
      ];
      for (const [filter, keep] of cases) {
        const filtered = await list(`sort=${sort}&${filter}`);
        expect(names(filtered.items)).toEqual(names(everyone.items.filter(keep)));
      }
    }
    expect(names((await list("status=inactive")).items)).toEqual(["maryann"]);
    expect(names((await list("status=fraud")).items)).toEqual(["bob"]);
  });

  it("treats an empty filter as no filter, and an unknown group as an empty list", async () => {
    expect((await list("status=&groupId=")).items).toHaveLength(PEOPLE.length);
    expect(await list("groupId=grp_nosuchgroup")).toEqual({ items: [], nextCursor: null });
  });

  it("never lists another company's clients", async () => {
    const theirs = await list("", other.staff);
    expect(theirs.items.map((c) => c.firstName)).toEqual(["Other", "Another"]);
  });
});

describe("browse pages", () => {
  it("pages through every list with cursors, the same as one page", async () => {
    for (const query of ["sort=firstName", "sort=lastName&order=desc", `groupId=${vipGroupId}&sort=company`]) {
      const whole = await list(`${query}&limit=100`);
      expect(whole.nextCursor).toBeNull();
      expect(names(await all(query, 2))).toEqual(names(whole.items));
    }
    const firstPage = await list("limit=3");
    expect(firstPage.items).toHaveLength(3);
    expect(firstPage.nextCursor).toEqual(expect.any(String));
    expect((await list(`limit=${PEOPLE.length}`)).nextCursor).toBeNull();
  });

  it("answers 400 bad-cursor to a tampered, made-up or foreign cursor", async () => {
    const { nextCursor } = await list("sort=firstName&limit=2");
    const [body, signature] = nextCursor!.split(".");
    const forged = Buffer.from(JSON.stringify({ after: "a" })).toString("base64url");
    const theirs = (await api.request("GET", "/v1/clients?limit=1", { token: other.staff })).body.nextCursor;
    const cases: [string, string, string?][] = [
      ["altered position", `${forged}.${signature}`],
      ["altered signature", `${body}.${signature!.slice(0, -2)}AA`],
      ["made up", "not-a-cursor"],
      ["another order's cursor", nextCursor!, "sort=lastName"],
      ["another filter's cursor", nextCursor!, "sort=firstName&status=active"],
    ];
    for (const [label, cursor, query = "sort=firstName"] of cases) {
      const res = await api.request("GET", `/v1/clients?${query}&cursor=${encodeURIComponent(cursor)}`, {
        token: co.staff,
      });
      expect([label, res.status, res.body.type]).toEqual([label, 400, expect.stringMatching(/\/bad-cursor$/)]);
    }
    expect(theirs).toEqual(expect.any(String));
    const foreign = await api.request("GET", `/v1/clients?limit=1&cursor=${encodeURIComponent(theirs)}`, {
      token: co.staff,
    });
    expect([foreign.status, foreign.body.type]).toEqual([400, expect.stringMatching(/\/bad-cursor$/)]);
  });

  it("answers 422 with the parameter's name as the path for bad query parameters", async () => {
    const cases: [string, string][] = [
      ["limit=0", "limit"],
      ["limit=101", "limit"],
      ["limit=ten", "limit"],
      ["sort=age", "sort"],
      ["order=up", "order"],
      ["status=gone", "status"],
      ["groupId=no%20such", "groupId"],
      ["colour=red", "colour"],
    ];
    for (const [query, path] of cases) {
      const res = await api.request("GET", `/v1/clients?${query}`, { token: co.staff });
      expect([query, res.status]).toEqual([query, 422]);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
  });

  it("is for staff: no token answers 401, a client's token 403", async () => {
    expect((await api.request("GET", "/v1/clients")).status).toBe(401);
    const login = await api.request("POST", "/v1/auth/clients/login", {
      body: { username: made.ada1!.username, password: TEST_PASSWORD },
    });
    expect(login.status).toBe(200);
    expect((await api.request("GET", "/v1/clients", { token: login.body.idToken })).status).toBe(403);
  });
});

describe("browse follows every write", () => {
  it("moves a renamed client, follows status and group changes, and drops a deleted client", async () => {
    const res = await api.request("POST", "/v1/clients", {
      token: co.staff,
      body: clientBody({ firstName: "Aaron", lastName: "Aardvark" }),
    });
    const client = res.body as Summary;
    const firstNames = async () => (await list("sort=firstName&limit=100")).items.map((c) => c.firstName);
    expect((await firstNames())[0]).toBe("Aaron");

    const renamed = await api.request("PATCH", `/v1/clients/${client.id}`, {
      token: co.staff,
      body: { firstName: "Zygmunt", groupId: vipGroupId },
    });
    expect(renamed.status).toBe(200);
    expect((await firstNames()).at(-1)).toBe("Zygmunt");
    expect((await firstNames()).includes("Aaron")).toBe(false);
    const vip = (await list(`groupId=${vipGroupId}&sort=firstName`)).items;
    expect(vip.at(-1)).toMatchObject({ id: client.id, firstName: "Zygmunt", groupId: vipGroupId });

    await api.request("POST", `/v1/clients/${client.id}/status`, { token: co.staff, body: { status: "inactive" } });
    expect((await list("status=inactive")).items.map((c) => c.id)).toEqual([made.maryann!.id, client.id]);
    expect((await list(`groupId=${vipGroupId}&status=active`)).items.map((c) => c.id)).not.toContain(client.id);

    const deleted = await api.request("DELETE", `/v1/clients/${client.id}`, { token: co.staff });
    expect(deleted.status).toBe(204);
    for (const query of ["", "status=inactive", `groupId=${vipGroupId}`, `groupId=${vipGroupId}&status=inactive`]) {
      expect((await list(query)).items.map((c) => c.id)).not.toContain(client.id);
    }
  });
});
