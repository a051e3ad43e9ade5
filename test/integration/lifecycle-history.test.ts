import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, type TestCompany } from "../helpers/companies";
import { emailsTo, eventually, startMailerFor } from "../helpers/mail";

let api: TestApi;
let co: TestCompany;
let other: TestCompany;

beforeAll(async () => {
  api = await TestApi.start();
  [co, other] = await Promise.all([createTestCompany(api, "History"), createTestCompany(api, "Elsewhere")]);
});
afterAll(() => api.close());

async function newClient(company = co, overrides: Record<string, unknown> = {}) {
  const res = await api.request("POST", "/v1/clients", { token: company.staff, body: clientBody(overrides) });
  expect(res.status).toBe(201);
  return res.body as { id: string; email: string };
}

const history = (clientId: string, query = "", token = co.staff) =>
  api.request("GET", `/v1/clients/${clientId}/history${query}`, { token });

interface Event {
  id: string;
  type: string;
  at: string;
  fields?: string[];
}

describe("GET /v1/clients/{clientId}/history", () => {
  it("pages newest first with an opaque cursor, and the last page has none", async () => {
    const client = await newClient();
    for (const city of ["Bath", "York", "Ely", "Wells", "Ripon"]) {
      await api.request("PATCH", `/v1/clients/${client.id}`, { token: co.staff, body: { city } });
    }
    const all = (await history(client.id, "?limit=100")).body;
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((e: Event) => e.type)).toEqual([
      "updated",
      "updated",
      "updated",
      "updated",
      "updated",
      "created",
    ]);
    const times = all.items.map((e: Event) => e.at);
    expect([...times].sort().reverse()).toEqual(times);

    const paged: Event[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await history(client.id, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (cursor) expect(cursor).not.toContain(client.id);
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(paged).toEqual(all.items);
  });

  it("names the changed fields, never their values", async () => {
    const client = await newClient();
    await api.request("PATCH", `/v1/clients/${client.id}`, { token: co.staff, body: { taxId: "GB123456789" } });
    const [latest] = (await history(client.id)).body.items;
    expect(latest).toMatchObject({ type: "updated", fields: ["taxId"], actor: { type: "staff" } });
    expect(JSON.stringify(latest)).not.toContain("GB123456789");
  });

  it("answers 400 bad-cursor for a tampered cursor, a made-up one, and one from another client's list", async () => {
    const client = await newClient();
    const sibling = await newClient();
    for (const c of [client, sibling]) {
      await api.request("PATCH", `/v1/clients/${c.id}`, { token: co.staff, body: { city: "Bath" } });
    }
    const { nextCursor } = (await history(client.id, "?limit=1")).body;
    expect(typeof nextCursor).toBe("string");
    const [body, signature] = nextCursor.split(".");
    const forgedBody = Buffer.from(JSON.stringify({ at: "9999", id: "evt_x" })).toString("base64url");
    const attempts = [
      [sibling.id, nextCursor],
      [client.id, `${forgedBody}.${signature}`],
      [client.id, `${body}.${signature.slice(0, -2)}AA`],
      [client.id, "not-a-cursor"],
    ];
    for (const [id, cursor] of attempts) {
      const res = await history(id!, `?cursor=${encodeURIComponent(cursor!)}`);
      expect(res.status).toBe(400);
      expect(res.body.type).toMatch(/\/bad-cursor$/);
    }
  });

  it("cannot be read across companies, with or without a cursor", async () => {
    const client = await newClient();
    const foreign = await newClient(other);
    await api.request("PATCH", `/v1/clients/${client.id}`, { token: co.staff, body: { city: "Bath" } });
    const { nextCursor } = (await history(client.id, "?limit=1")).body;
    expect((await history(client.id, "", other.staff)).status).toBe(404);
    const cursor = `?cursor=${encodeURIComponent(nextCursor)}`;
    expect((await history(client.id, cursor, other.staff)).status).toBe(404);
    const replayed = await history(foreign.id, cursor, other.staff);
    expect(replayed.status).toBe(400);
    expect(JSON.stringify(replayed.body)).not.toContain(client.id);
  });

  it.each(["?limit=0", "?limit=101", "?limit=many"])("answers 422 naming limit for %s", async (query) => {
    const client = await newClient();
    const res = await history(client.id, query);
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe("limit");
  });
});

describe("POST /v1/clients/{clientId}/registration-email", () => {
  it("queues the email (202), which the mailer sends once, with history", async () => {
    const client = await newClient(co, { sendRegistrationEmail: false });
    const mailer = await startMailerFor(co.companyId);
    try {
      const res = await api.request("POST", `/v1/clients/${client.id}/registration-email`, { token: co.staff });
      expect(res.status).toBe(202);
      const emails = await eventually(
        () => emailsTo(client.email),
        (found) => found.length >= 1,
      );
      expect(emails).toHaveLength(1);
      expect(emails[0]!.subject).toEqual(expect.any(String));
      const events = await eventually(
        async () => (await history(client.id)).body.items as (Event & { detail?: string })[],
        (items) => items.some((e) => e.type === "email-sent"),
      );
      expect(events.slice(0, 2).map((e) => [e.type, e.detail])).toEqual([
        ["email-sent", "account-registration"],
        ["email-queued", "account-registration"],
      ]);
    } finally {
      await mailer.stop();
    }
  });

  it("queues once per Idempotency-Key: a retry gets the first answer", async () => {
    const client = await newClient();
    const send = () =>
      api.request("POST", `/v1/clients/${client.id}/registration-email`, {
        token: co.staff,
        headers: { "idempotency-key": `resend-${client.id}` },
      });
    const first = await send();
    const retry = await send();
    expect([first.status, retry.status]).toEqual([202, 202]);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const types = (await history(client.id)).body.items.map((e: Event) => e.type);
    expect(types).toEqual(["email-queued", "created"]);
  });

  it("answers 404 for another company's client and queues nothing", async () => {
    const client = await newClient();
    const res = await api.request("POST", `/v1/clients/${client.id}/registration-email`, { token: other.staff });
    expect(res.status).toBe(404);
    const types = (await history(client.id)).body.items.map((e: Event) => e.type);
    expect(types).toEqual(["created"]);
  });
});
