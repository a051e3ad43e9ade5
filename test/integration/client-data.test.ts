import { randomBytes } from "node:crypto";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { startImporterFor } from "../helpers/importer";
import { emailsTo, eventually, startMailerFor } from "../helpers/mail";
import { scanTable } from "../helpers/table";
import { loggedLines } from "../helpers/watched-secrets";

let api: TestApi;
let co: TestCompany;
let other: TestCompany;
let secretFieldId: string;
const run = randomBytes(4).toString("hex");
const ids: string[] = [];

async function createClient(fields: Record<string, unknown>, company = co) {
  const res = await api.request("POST", "/v1/clients", { token: company.staff, body: clientBody(fields) });
  expect(res.status).toBe(201);
  return res.body as { id: string; username: string; version: number };
}

/** How many table items and log lines hold this value. */
async function placesHolding(value: string): Promise<number> {
  const places = [
    ...(await scanTable()).map((item) => JSON.stringify(item, (_, v) => (typeof v === "bigint" ? String(v) : v))),
    ...Object.values(loggedLines()),
  ];
  return places.filter((place) => place.toLowerCase().includes(value.toLowerCase())).length;
}

beforeAll(async () => {
  api = await TestApi.start();
  [co, other] = await Promise.all([createTestCompany(api, "Data"), createTestCompany(api, "Elsewhere")]);
  const general = (await api.request("GET", "/v1/client-groups", { token: co.staff })).body.items[0].id;
  const field = await api.request("POST", `/v1/client-groups/${general}/custom-fields`, {
    token: co.admin,
    body: { name: "Passport", type: "text", encrypted: true },
  });
  secretFieldId = field.body.id;
  for (const company of ["=SUM(A1:A9)", "Plain Ltd", "@cmd", "Comma, Inc"]) {
    ids.push(
      (await createClient({ lastName: `Export${run}`, company, customFields: { [secretFieldId]: "P-123" } })).id,
    );
  }
  await createClient({ lastName: `Export${run}` }, other);
});
afterAll(() => api.close());

const exportPath = (query: string) => `/v1/clients/export?${query}`;

describe("GET /v1/clients/export", () => {
  it("writes CSV in the generic layout, with a header, formulas neutralised, secrets left out", async () => {
    const res = await api.request("GET", exportPath("format=csv"), { token: co.staff });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("clientele-next-cursor")).toBeNull();
    const text = res.body as string;
    const [head, ...lines] = text.trimEnd().split("\n");
    expect(head!.split(",").slice(0, 6)).toEqual(["id", "number", "status", "createdAt", "firstName", "lastName"]);
    expect(head).not.toContain("custom:Passport");
    expect(lines).toHaveLength(4);
    expect(text).toContain("'=SUM(A1:A9)");
    expect(text).toContain("'@cmd");
    expect(text).toContain('"Comma, Inc"');
    expect(text).not.toContain("P-123");
  });

  it("pages with Clientele-Next-Cursor, never mixing companies; a foreign cursor is refused", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `format=jsonl&rows=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const res = await api.request("GET", exportPath(query), { token: co.staff });
      expect(res.status).toBe(200);
      const rows = (res.body as string).trimEnd().split("\n").filter(Boolean);
      seen.push(...rows.map((row) => (JSON.parse(row) as { id: string }).id));
      cursor = res.headers.get("clientele-next-cursor");
      if (cursor) {
        const foreign = await api.request(
          "GET",
          exportPath(`format=jsonl&rows=3&cursor=${encodeURIComponent(cursor)}`),
          {
            token: other.staff,
          },
        );
        expect(foreign.status).toBe(400);
      }
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it("includes encrypted fields decrypted only for an admin who asks", async () => {
    expect((await api.request("GET", exportPath("includeEncrypted=true"), { token: co.staff })).status).toBe(403);
    const res = await api.request("GET", exportPath("includeEncrypted=true"), { token: co.admin });
    expect(res.status).toBe(200);
    expect(res.body as string).toContain("custom:Passport");
    expect(res.body as string).toContain("P-123");
  });
});

describe("an export imports again", () => {
  it("restores deleted clients with the same fields, formulas and all", async () => {
    const fields = ["firstName", "lastName", "company", "email", "country", "phones", "username", "groupId"] as const;
    const pick = (c: Record<string, unknown>) => Object.fromEntries(fields.map((f) => [f, c[f]]));
    const csv = (await api.request("GET", exportPath("format=csv"), { token: co.staff })).body as string;
    const before = await Promise.all(
      ids.map(async (id) => pick((await api.request("GET", `/v1/clients/${id}`, { token: co.staff })).body)),
    );
    for (const id of ids)
      expect((await api.request("DELETE", `/v1/clients/${id}`, { token: co.staff })).status).toBe(204);
    const upload = await api.send(
      "POST",
      // The four share a name (a duplicate by the rule): they are four clients all the same.
      new URL(`${api.baseUrl}/v1/imports?preset=generic&onDuplicate=create`),
      { authorization: `Bearer ${co.admin}`, "content-type": "text/csv" },
      csv,
    );
    expect(upload.status).toBe(202);
    const importer = await startImporterFor([co.companyId]);
    const { importId } = JSON.parse(upload.text) as { importId: string };
    const job = await eventually(
      async () => (await api.request("GET", `/v1/imports/${importId}`, { token: co.admin })).body,
      (body) => body.status === "done" || body.status === "failed",
      60_000,
    );
    await importer.stop();
    expect(job).toMatchObject({ status: "done", created: 4, failed: 0 });
    const after = ((await api.request("GET", exportPath("format=jsonl"), { token: co.staff })).body as string)
      .trimEnd()
      .split("\n")
      .map((line) => pick(JSON.parse(line)));
    const byEmail = (list: Record<string, unknown>[]) =>
      [...list].sort((x, y) => String(x.email).localeCompare(String(y.email)));
    expect(byEmail(after)).toEqual(byEmail(before));
  }, 90_000);
});

describe("data export", () => {
  it("gives staff and the client the same document; nobody else", async () => {
    const username = `subject-${run}`;
    const client = await createClient({ username, lastName: `Subject${run}` });
    const staff = await api.request("GET", `/v1/clients/${client.id}/data-export`, { token: co.staff });
    expect(staff.status).toBe(200);
    expect(staff.body.profile.id).toBe(client.id);
    expect(staff.body.history.map((e: { type: string }) => e.type)).toContain("created");
    expect(staff.body.billing.invoices).toEqual([]);
    const token = await api.login("clients", username, TEST_PASSWORD);
    const own = await api.request("GET", "/v1/me/data-export", { token });
    expect(own.status).toBe(200);
    expect(own.body.profile).toEqual(staff.body.profile);
    expect((await api.request("GET", `/v1/clients/${client.id}/data-export`, { token: other.admin })).status).toBe(404);
    expect((await api.request("GET", `/v1/clients/${client.id}/data-export`, { token })).status).toBe(403);
  });
});

describe("POST /v1/clients/{id}/anonymise", () => {
  it("erases every personal value, keeps the record, frees the username, refuses edits", async () => {
    const personal = {
      username: `forget-${run}`,
      firstName: `Forgetme${run}`,
      lastName: `Surname${run}`,
      email: `forget-${run}@private.example`,
      company: `Secret Co ${run}`,
      phones: [{ type: "phone", location: "work", number: "+44 20 7946 0999" }],
      customFields: { [secretFieldId]: `PASS-${run}` },
      sendRegistrationEmail: true,
    };
    // With an Idempotency-Key, so a kept answer holds the client too.
    const created = await api.request("POST", "/v1/clients", {
      token: co.staff,
      body: clientBody(personal),
      headers: { "idempotency-key": `forget-${run}` },
    });
    expect(created.status).toBe(201);
    const client = created.body as { id: string };
    // The registration email goes out first: its history event names the address.
    const mailer = await startMailerFor(co.companyId);
    await eventually(
      () => emailsTo(personal.email),
      (emails) => emails.length === 1,
    );
    await mailer.stop();
    expect(await placesHolding(personal.lastName)).toBeGreaterThan(3);
    const token = await api.login("clients", personal.username, TEST_PASSWORD);
    const path = `/v1/clients/${client.id}/anonymise`;
    expect((await api.request("POST", path, { token: co.staff })).status).toBe(403);
    expect((await api.request("POST", path, { token: other.admin })).status).toBe(404);

    const res = await api.request("POST", path, { token: co.admin });
    expect(res.status).toBe(200);
    expect(res.body.anonymisedAt).toEqual(expect.any(String));
    expect(res.body).toMatchObject({ id: client.id, firstName: "Anonymised", phones: [], customFields: {} });
    const again = await api.request("POST", path, { token: co.admin });
    expect([again.status, again.body.anonymisedAt]).toEqual([200, res.body.anonymisedAt]);

    const edit = await api.request("PATCH", `/v1/clients/${client.id}`, { token: co.staff, body: { city: "Leeds" } });
    expect([edit.status, edit.body.type]).toEqual([409, expect.stringMatching(/\/anonymised$/)]);
    expect((await api.request("GET", "/v1/me", { token })).status).toBe(401);
    await expect(api.login("clients", personal.username, TEST_PASSWORD)).rejects.toThrow();
    const search = await api.request("GET", `/v1/clients/search?q=${personal.firstName}`, { token: co.staff });
    expect(search.body.items).toEqual([]);
    await createClient({ username: personal.username });

    const values = [personal.firstName, personal.lastName, personal.email, personal.company, "442079460999"];
    for (const value of [...values, `PASS-${run}`]) expect([value, await placesHolding(value)]).toEqual([value, 0]);
    // A mailer run, two sign-ins and three scans of every table: a loaded machine needs more than the default.
  }, 90_000);
});
