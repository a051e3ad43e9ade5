import { TestApi } from "../helpers/api";
import { nextSecond } from "../helpers/clock";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";

let api: TestApi;
let co: TestCompany;
const fields: Record<"editable" | "visibleOnly" | "hidden" | "secret", string> = {
  editable: "",
  visibleOnly: "",
  hidden: "",
  secret: "",
};

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Self-service");
  await api.request("PATCH", "/v1/company", { token: co.admin, body: { languages: ["en", "fr"] } });
  const generalId = (await api.request("GET", "/v1/client-groups", { token: co.staff })).body.items[0].id;
  const definitions = {
    editable: { name: "Nickname", type: "text", visibleToClient: true, editableByClient: true },
    visibleOnly: { name: "Account manager", type: "text", visibleToClient: true },
    hidden: { name: "Risk notes", type: "textarea" },
    secret: { name: "Passport", type: "text", visibleToClient: true, editableByClient: true, encrypted: true },
  };
  for (const [name, body] of Object.entries(definitions)) {
    const res = await api.request("POST", `/v1/client-groups/${generalId}/custom-fields`, { token: co.admin, body });
    expect(res.status).toBe(201);
    fields[name as keyof typeof fields] = res.body.id;
  }
});
afterAll(() => api.close());

interface SignedIn {
  id: string;
  username: string;
  token: string;
  accessToken: string;
}

async function signedInClient(): Promise<SignedIn> {
  const res = await api.request("POST", "/v1/clients", {
    token: co.staff,
    body: clientBody({
      customFields: {
        [fields.editable]: "Ada",
        [fields.visibleOnly]: "Charles",
        [fields.hidden]: "watch closely",
        [fields.secret]: "P1234567",
      },
    }),
  });
  expect(res.status).toBe(201);
  const login = await api.request("POST", "/v1/auth/clients/login", {
    body: { username: res.body.username, password: TEST_PASSWORD },
  });
  return {
    id: res.body.id,
    username: res.body.username,
    token: login.body.idToken,
    accessToken: login.body.accessToken,
  };
}

const patchMe = (me: SignedIn, body: unknown, headers: Record<string, string> = {}) =>
  api.request("PATCH", "/v1/me", { token: me.token, body, headers });

const staffView = async (me: SignedIn) => (await api.request("GET", `/v1/clients/${me.id}`, { token: co.staff })).body;

describe("GET /v1/me", () => {
  it("returns the client's own account with its ETag, showing only the custom fields clients may see", async () => {
    const me = await signedInClient();
    for (const token of [me.token, me.accessToken]) {
      const res = await api.request("GET", "/v1/me", { token });
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(me.id);
      expect(res.headers.get("etag")).toBe(`"${res.body.version}"`);
      expect(res.body.customFields).toEqual({ [fields.editable]: "Ada", [fields.visibleOnly]: "Charles" });
      expect(JSON.stringify(res.body)).not.toMatch(/P1234567|watch closely|password/i);
    }
  });

  it("is for clients only: 401 without a token, 403 for staff", async () => {
    expect((await api.request("GET", "/v1/me")).status).toBe(401);
    expect((await api.request("GET", "/v1/me", { token: co.admin })).status).toBe(403);
  });
});

describe("GET /v1/me/form", () => {
  it("names the company, its languages and the custom fields the client sees, marked editable or not", async () => {
    const me = await signedInClient();
    const res = await api.request("GET", "/v1/me/form", { token: me.accessToken });
    expect(res.status).toBe(200);
    const company = (await api.request("GET", "/v1/company", { token: co.staff })).body;
    expect(res.body).toMatchObject({ companyName: company.name, languages: ["en", "fr"], passwordMinimumLength: 12 });
    const byId = Object.fromEntries(res.body.customFields.map((f: { id: string }) => [f.id, f]));
    expect(byId[fields.editable]).toMatchObject({ name: "Nickname", type: "text", editable: true });
    expect(byId[fields.visibleOnly]).toMatchObject({ name: "Account manager", editable: false });
    // What GET /v1/me leaves out is not described either: hidden and encrypted fields.
    expect(Object.keys(byId).sort()).toEqual([fields.editable, fields.visibleOnly].sort());
    expect(JSON.stringify(res.body)).not.toMatch(/visibleToClient|editableByClient|encrypted/);
    const shown = (await api.request("GET", "/v1/me", { token: me.accessToken })).body.customFields;
    expect(Object.keys(shown).sort()).toEqual(Object.keys(byId).sort());
  });

  it("is for clients only: 401 without a token, 403 for staff", async () => {
    expect((await api.request("GET", "/v1/me/form")).status).toBe(401);
    expect((await api.request("GET", "/v1/me/form", { token: co.staff })).status).toBe(403);
  });
});

describe("PATCH /v1/me", () => {
  it("changes contact details, phones, language and marketing consent, recorded as self-service", async () => {
    const me = await signedInClient();
    const res = await patchMe(me, {
      firstName: "Augusta",
      city: "London",
      state: "GB-WSM",
      phones: [{ type: "fax", location: "home", number: "+44 20 7946 0019" }],
      language: "fr",
      marketingOptIn: true,
      customFields: { [fields.editable]: "Countess" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      firstName: "Augusta",
      city: "London",
      state: "GB-WSM",
      language: "fr",
      defaultFax: "+44 20 7946 0019",
      marketing: { optIn: true, source: "self-service" },
      customFields: { [fields.editable]: "Countess", [fields.visibleOnly]: "Charles" },
    });
    expect(res.body.phones[0].e164).toBe("+442079460019");

    const staff = await staffView(me);
    expect(staff.customFields).toEqual({
      [fields.editable]: "Countess",
      [fields.visibleOnly]: "Charles",
      [fields.hidden]: "watch closely",
      [fields.secret]: "P1234567",
    });
    const history = await api.request("GET", `/v1/clients/${me.id}/history`, { token: co.staff });
    // Both events come from one write and may share a millisecond: found by type, not by position.
    const byType = (type: string) => history.body.items.find((e: { type: string }) => e.type === type);
    const [marketing, updated] = [byType("marketing-changed"), byType("updated")];
    expect(marketing).toMatchObject({ type: "marketing-changed", to: "opt-in", detail: "self-service" });
    expect(updated).toMatchObject({ type: "updated", actor: { type: "client", username: me.id } });
    expect(updated.fields).toEqual(expect.arrayContaining(["firstName", "city", "phones", "language", "customFields"]));
  });

  it.each([
    ["status", "fraud"],
    ["groupId", "grp_elsewhere"],
    ["taxExempt", true],
    ["taxId", "GB123456789"],
    ["currency", "USD"],
    ["username", "someone-else"],
    ["number", 1],
    ["id", "cl_other"],
    ["password", "New-Passw0rd-123"],
  ])("refuses %s with 422 naming it, and changes nothing", async (field, value) => {
    const me = await signedInClient();
    const before = await staffView(me);
    const res = await patchMe(me, { city: "Bath", [field]: value });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: field, message: expect.any(String) }]);
    expect(await staffView(me)).toEqual(before);
  });

  it.each([
    ["visible but not editable", "visibleOnly"],
    ["hidden from clients", "hidden"],
    ["encrypted", "secret"],
  ] as const)("refuses a custom field %s with 422 on its path", async (_label, name) => {
    const me = await signedInClient();
    const res = await patchMe(me, { customFields: { [fields[name]]: "changed" } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: `customFields.${fields[name]}`, message: expect.any(String) }]);
    expect((await staffView(me)).customFields[fields[name]]).not.toBe("changed");
  });

  it("applies the staff edit's rules: a state of another country is 422", async () => {
    const me = await signedInClient();
    const res = await patchMe(me, { state: "US-CA" });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe("state");
  });

  it("honours If-Match", async () => {
    const me = await signedInClient();
    const current = await api.request("GET", "/v1/me", { token: me.token });
    const etag = current.headers.get("etag")!;
    expect((await patchMe(me, { city: "Bath" }, { "if-match": etag })).status).toBe(200);
    expect((await patchMe(me, { city: "York" }, { "if-match": etag })).status).toBe(412);
  });
});

describe("PATCH /v1/me: changing the email (and so the username) is rate-limited per client", () => {
  it("allows 5 changes a window, a taken one counting, then answers 429 with Retry-After; other edits go on", async () => {
    const me = await signedInClient();
    const other = await signedInClient();
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await patchMe(me, { email: `moved-${i}-${me.id}@example.com` })).status);
    }
    // The other client's username: the username follows the email, and a taken one answers 409.
    statuses.push((await patchMe(me, { email: other.username })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 409]);

    const refused = await patchMe(me, { email: `moved-late-${me.id}@example.com` });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(refused.body).toMatchObject({ status: 429, type: expect.stringMatching(/\/too-many-requests$/) });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await staffView(me)).email).toBe(`moved-3-${me.id}@example.com`);

    // Only email changes are counted: the same email again and other fields still go through.
    expect((await patchMe(me, { email: `moved-3-${me.id}@example.com`, city: "Bath" })).status).toBe(200);
    // The limit is the client's own: another client changes theirs.
    expect((await patchMe(other, { email: `other-${other.id}@example.com` })).status).toBe(200);
  });
});

describe("POST /v1/me/password", () => {
  const change = (me: SignedIn, body: unknown, token = me.token) =>
    api.request("POST", "/v1/me/password", { token, body });

  it("changes the password with the current one (204) and ends every session", async () => {
    const me = await signedInClient();
    await nextSecond();
    const newPassword = "Brand-New-Passw0rd";
    const res = await change(me, { currentPassword: TEST_PASSWORD, newPassword });
    expect(res.status).toBe(204);
    const login = (password: string) =>
      api.request("POST", "/v1/auth/clients/login", { body: { username: me.username, password } });
    expect((await login(TEST_PASSWORD)).status).toBe(401);
    const fresh = await login(newPassword);
    expect(fresh.status).toBe(200);
    expect((await api.request("GET", "/v1/me", { token: me.token })).status).toBe(401);
    expect((await api.request("GET", "/v1/me", { token: fresh.body.idToken })).status).toBe(200);
    const history = await api.request("GET", `/v1/clients/${me.id}/history`, { token: co.staff });
    expect(history.body.items[0]).toMatchObject({ type: "password-changed", actor: { type: "client" } });
    expect(JSON.stringify(history.body)).not.toContain(newPassword);
  });

  it.each([
    [{ currentPassword: "Wrong-Passw0rd-123", newPassword: "Brand-New-Passw0rd" }, "currentPassword"],
    [{ currentPassword: TEST_PASSWORD, newPassword: "weak" }, "newPassword"],
    [{ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }, "newPassword"],
    [{ newPassword: "Brand-New-Passw0rd" }, "currentPassword"],
    [{ currentPassword: TEST_PASSWORD, newPassword: "Brand-New-Passw0rd", clientId: "cl_x" }, "clientId"],
  ])("answers 422 for %j, naming %s, and keeps the password", async (body, path) => {
    const me = await signedInClient();
    const res = await change(me, body);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    expect((await api.request("GET", "/v1/me", { token: me.token })).status).toBe(200);
  });

  it("is for clients only", async () => {
    const res = await api.request("POST", "/v1/me/password", {
      token: co.staff,
      body: { currentPassword: TEST_PASSWORD, newPassword: "Brand-New-Passw0rd" },
    });
    expect(res.status).toBe(403);
  });
});
