import { randomBytes } from "node:crypto";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";

let api: TestApi;
let co: TestCompany;
let other: TestCompany;
const run = randomBytes(4).toString("hex");
const sharedEmail = `Dup.Person-${run}@Example.com`;
const ids: Record<string, string> = {};

interface Match {
  id: string;
  matchedOn: string[];
}

async function duplicates(query: string, token = co.staff) {
  const res = await api.request("GET", `/v1/clients/duplicates?${query}`, { token });
  return res as { status: number; body: { items: Match[]; nextCursor: string | null; errors?: { path: string }[] } };
}

/** Every match of a query, following cursors, as names. */
async function allMatches(query: string, limit: number): Promise<[string | undefined, string[]][]> {
  const found: [string | undefined, string[]][] = [];
  let cursor: string | null = null;
  do {
    const page = await duplicates(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(page.status).toBe(200);
    if (cursor) expect(page.body.items.length).toBeGreaterThan(0);
    found.push(
      ...page.body.items.map((m): [string | undefined, string[]] => [
        Object.keys(ids).find((k) => ids[k] === m.id),
        m.matchedOn,
      ]),
    );
    cursor = page.body.nextCursor;
  } while (cursor);
  return found.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

beforeAll(async () => {
  api = await TestApi.start();
  [co, other] = await Promise.all([createTestCompany(api, "Duplicates"), createTestCompany(api, "Other")]);
  const people: [string, Record<string, unknown>][] = [
    ["same-email", { firstName: "Ann", lastName: `Alpha${run}`, email: sharedEmail.toUpperCase() }],
    [
      "same-phone",
      {
        firstName: "Ben",
        lastName: `Beta${run}`,
        phones: [{ type: "phone", location: "work", number: "020 7946 0123" }],
      },
    ],
    ["same-name", { firstName: "Zoë", lastName: `O'Dup-${run}` }],
    [
      "all-three",
      {
        firstName: "zoe",
        lastName: `odup ${run}`,
        email: `  ${sharedEmail}`.trim(),
        phones: [{ type: "phone", location: "home", number: "+44 20 7946 0123" }],
      },
    ],
    ["unrelated", { firstName: "Cy", lastName: `Gamma${run}` }],
  ];
  for (const [name, fields] of people) {
    // Usernames are the email unless given, and unique: two clients may share an email only with their own usernames.
    const body = clientBody({ username: `dup-${name}-${run}`, ...fields });
    const res = await api.request("POST", "/v1/clients", { token: co.staff, body });
    expect(res.status).toBe(201);
    ids[name] = res.body.id;
  }
  await api.request("POST", "/v1/clients", {
    token: other.staff,
    body: clientBody({ username: `dup-other-${run}`, email: sharedEmail, firstName: "Zoe", lastName: `ODup ${run}` }),
  });
});
afterAll(() => api.close());

const everything = () =>
  `email=${encodeURIComponent(sharedEmail)}&phone=${encodeURIComponent("+442079460123")}&firstName=ZOE&lastName=${encodeURIComponent(`O’Dup ${run}`)}`;

describe("GET /v1/clients/duplicates", () => {
  it("finds the same email without case, the same phone in E.164, the same folded name; each client once", async () => {
    for (const limit of [1, 2, 100]) {
      expect(await allMatches(everything(), limit)).toEqual([
        ["all-three", ["email", "phone", "name"]],
        ["same-email", ["email"]],
        ["same-name", ["name"]],
        ["same-phone", ["phone"]],
      ]);
    }
  });

  it("reads a local number in `country`, and refuses one it cannot read", async () => {
    expect(await allMatches("phone=020%207946%200123&country=GB", 10)).toEqual([
      ["all-three", ["phone"]],
      ["same-phone", ["phone"]],
    ]);
    const unreadable = await duplicates("phone=020%207946%200123");
    expect(unreadable.status).toBe(422);
    expect(unreadable.body.errors?.map((e) => e.path)).toEqual(["phone"]);
  });

  it("follows edits: a changed email leaves the old value's matches", async () => {
    const res = await api.request("PATCH", `/v1/clients/${ids["same-email"]}`, {
      token: co.staff,
      body: { email: `moved-${run}@example.com` },
    });
    expect(res.status).toBe(200);
    expect(await allMatches(`email=${encodeURIComponent(sharedEmail)}`, 10)).toEqual([["all-three", ["email"]]]);
  });

  it("answers 422 without a criterion or with half a name", async () => {
    for (const [query, path] of [
      ["", "email"],
      ["firstName=Zoe", "lastName"],
      ["lastName=Zoe", "firstName"],
    ] as const) {
      const res = await duplicates(query);
      expect([query, res.status, res.body.errors?.map((e) => e.path)]).toEqual([query, 422, [path]]);
    }
  });

  it("never reaches another company: its clients, its cursors, a client token", async () => {
    const theirs = await duplicates(everything(), other.staff);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((m) => m.id)).not.toEqual(expect.arrayContaining([ids["all-three"]]));
    expect(theirs.body.items).toHaveLength(1);
    const page = await duplicates(`${everything()}&limit=1`);
    const foreign = await duplicates(
      `${everything()}&limit=1&cursor=${encodeURIComponent(page.body.nextCursor!)}`,
      other.staff,
    );
    expect(foreign.status).toBe(400);
    const clientToken = await api.login("clients", `dup-unrelated-${run}`, TEST_PASSWORD);
    expect((await duplicates(everything(), clientToken)).status).toBe(403);
  });
});
