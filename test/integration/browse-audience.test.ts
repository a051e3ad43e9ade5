import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";

let api: TestApi;
let co: TestCompany;
let other: TestCompany;

interface Member {
  clientId: string;
  number: number;
  email: string;
  firstName: string;
  lastName: string;
  language: string;
  consent: { changedAt: string; source: string };
}

async function newClient(fields: Record<string, unknown>) {
  const res = await api.request("POST", "/v1/clients", { token: co.staff, body: clientBody(fields) });
  expect(res.status).toBe(201);
  return res.body as { id: string; number: number; email: string; username: string };
}

async function audience(query = "", token = co.staff) {
  const res = await api.request("GET", `/v1/clients/marketing-audience?${query}`, { token });
  expect(res.status).toBe(200);
  return res.body as { items: Member[]; nextCursor: string | null };
}

const audienceIds = async () => (await audience("limit=100")).items.map((member) => member.clientId);

beforeAll(async () => {
  api = await TestApi.start();
  [co, other] = await Promise.all([createTestCompany(api, "Audience"), createTestCompany(api, "Elsewhere")]);
});
afterAll(() => api.close());

describe("marketing audience", () => {
  it("lists active opted-in clients with their consent, kept right on opt-in, opt-out, status and delete", async () => {
    const optedIn = await newClient({ firstName: "Olive", marketingOptIn: true });
    const never = await newClient({ firstName: "Nora" });
    const optsOut = await newClient({ firstName: "Otto", marketingOptIn: true });
    const suspended = await newClient({ firstName: "Sue", marketingOptIn: true });
    const deleted = await newClient({ firstName: "Dee", marketingOptIn: true });
    const optsInLater = await newClient({ firstName: "Lara" });
    const selfService = await newClient({ firstName: "Selma" });
    await api.request("POST", "/v1/clients", { token: other.staff, body: clientBody({ marketingOptIn: true }) });
    expect(await audienceIds()).toEqual([optedIn.id, optsOut.id, suspended.id, deleted.id]);

    const [first] = (await audience("limit=1")).items;
    expect(first).toEqual({
      clientId: optedIn.id,
      number: optedIn.number,
      email: optedIn.email,
      firstName: "Olive",
      lastName: "Lovelace",
      language: "en",
      consent: { changedAt: expect.any(String), source: "staff" },
    });

    const patch = (id: string, body: unknown) =>
      api.request("PATCH", `/v1/clients/${id}`, { token: co.staff, body }).then((res) => expect(res.status).toBe(200));
    const setStatus = (id: string, status: string) =>
      api
        .request("POST", `/v1/clients/${id}/status`, { token: co.staff, body: { status } })
        .then((res) => expect(res.status).toBe(200));
    await patch(optsOut.id, { marketingOptIn: false });
    await patch(optsInLater.id, { marketingOptIn: true });
    await setStatus(suspended.id, "inactive");
    expect((await api.request("DELETE", `/v1/clients/${deleted.id}`, { token: co.staff })).status).toBe(204);
    const login = await api.request("POST", "/v1/auth/clients/login", {
      body: { username: selfService.username, password: TEST_PASSWORD },
    });
    const own = await api.request("PATCH", "/v1/me", { token: login.body.accessToken, body: { marketingOptIn: true } });
    expect(own.status).toBe(200);
    expect(await audienceIds()).toEqual([optedIn.id, optsInLater.id, selfService.id]);
    expect((await audience("limit=100")).items.at(-1)!.consent.source).toBe("self-service");

    await setStatus(suspended.id, "active");
    await patch(optedIn.id, { email: `olive-renamed-${optedIn.number}@example.com`, firstName: "Olivia" });
    const members = (await audience("limit=100")).items;
    expect(members.map((member) => member.clientId)).toEqual([
      optedIn.id,
      suspended.id,
      optsInLater.id,
      selfService.id,
    ]);
    expect(members[0]).toMatchObject({ firstName: "Olivia", email: `olive-renamed-${optedIn.number}@example.com` });
    expect(members.map((member) => member.clientId)).not.toContain(never.id);
  });

  it("pages with a cursor bound to the company", async () => {
    for (let i = 0; i < 3; i++) await newClient({ firstName: `Page${i}`, marketingOptIn: true });
    const whole = await audienceIds();
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await audience(`limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items.map((member) => member.clientId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(whole);

    const { nextCursor } = await audience("limit=1");
    const elsewhere = await api.request(
      "GET",
      `/v1/clients/marketing-audience?cursor=${encodeURIComponent(nextCursor!)}`,
      {
        token: other.staff,
      },
    );
    expect([elsewhere.status, elsewhere.body.type]).toEqual([400, expect.stringMatching(/\/bad-cursor$/)]);
    const bad = await api.request("GET", "/v1/clients/marketing-audience?limit=0&since=yesterday", { token: co.staff });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["limit", "since"]);
  });
});
