import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";

let api: TestApi;
let co: TestCompany;
let generalId: string;

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Clients");
  await api.request("PATCH", "/v1/company", {
    token: co.admin,
    body: { currencies: ["USD", "EUR", "GBP"], languages: ["en", "en-GB", "fr"] },
  });
  generalId = (await api.request("GET", "/v1/client-groups", { token: co.staff })).body.items[0].id;
});
afterAll(() => api.close());

const create = (body: Record<string, unknown>, headers?: Record<string, string>) =>
  api.request("POST", "/v1/clients", { token: co.staff, body, headers });

describe("creating a client", () => {
  it("stores every field of the seed and returns the client with number, e164, default fax and ETag", async () => {
    const res = await create(
      clientBody({
        firstName: "Ada",
        lastName: "Lovelace",
        company: "Analytical Engines Ltd",
        title: "Director",
        address1: "12 St James's Square",
        address2: "Suite 4",
        city: "London",
        state: "GB-WSM",
        zip: "SW1Y 4JH",
        phones: [
          { type: "phone", location: "work", number: "020 7946 0018 ext. 12" },
          { type: "fax", location: "home", number: "+44 20 7946 0019" },
          { type: "fax", location: "work", number: "+44 20 7946 0020" },
        ],
        taxId: "GB123456789",
        currency: "GBP",
        language: "en-gb",
        username: "Ada.Lovelace",
        marketingOptIn: true,
      }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/v1/clients/${res.body.id}`);
    expect(res.body).toMatchObject({
      firstName: "Ada",
      company: "Analytical Engines Ltd",
      state: "GB-WSM",
      currency: "GBP",
      language: "en-GB",
      username: "Ada.Lovelace",
      status: "active",
      groupId: generalId,
      taxExempt: false,
      defaultFax: "+44 20 7946 0019",
      marketing: { optIn: true, source: "staff" },
      version: 1,
    });
    expect(res.body.number).toBeGreaterThanOrEqual(1500);
    expect(res.body.phones[0]).toEqual({
      type: "phone",
      location: "work",
      number: "020 7946 0018 ext. 12",
      e164: "+442079460018",
    });
    expect(res.body).not.toHaveProperty("password");
    expect(res.body).not.toHaveProperty("generatedPassword");
    const read = await api.request("GET", `/v1/clients/${res.body.id}`, { token: co.staff });
    expect(read.body).toEqual(res.body);
    expect(read.headers.get("etag")).toBe('"1"');
  });

  it("uses the email as username, defaults from the company, and numbers clients in sequence", async () => {
    const a = await create(clientBody());
    const b = await create(clientBody());
    expect(a.body.username).toBe(a.body.email);
    expect(a.body).toMatchObject({ currency: "USD", language: "en", taxExempt: false, defaultFax: null, phones: [] });
    expect(b.body.number).toBeGreaterThan(a.body.number);
  });

  it("takes currency, language and tax exemption defaults from the group", async () => {
    const group = await api.request("POST", "/v1/client-groups", {
      token: co.admin,
      body: { name: "EU", settings: { defaultCurrency: "EUR", defaultLanguage: "fr", taxExemptByDefault: true } },
    });
    const res = await create(clientBody({ groupId: group.body.id, country: "FR" }));
    expect(res.body).toMatchObject({ currency: "EUR", language: "fr", taxExempt: true, groupId: group.body.id });
  });

  it("generates a strong password once", async () => {
    const res = await create(clientBody({ password: undefined, generatePassword: true }));
    expect(res.status).toBe(201);
    const password: string = res.body.generatedPassword;
    expect(password).toHaveLength(20);
    expect(password).toMatch(/[a-z]/);
    expect(password).toMatch(/[A-Z]/);
    expect(password).toMatch(/[0-9]/);
    expect(password).toMatch(/[^A-Za-z0-9]/);
    expect((await api.request("GET", `/v1/clients/${res.body.id}`, { token: co.staff })).body).not.toHaveProperty(
      "generatedPassword",
    );
  });

  it.each([
    ["firstName", { firstName: undefined }],
    ["lastName", { lastName: "" }],
    ["email", { email: "not-an-email" }],
    ["country", { country: "XX" }],
    ["state", { country: "GB", state: "US-CA" }],
    ["phones.0.type", { phones: [{ type: "mobile", location: "home", number: "123456" }] }],
    ["phones.0.location", { phones: [{ type: "phone", location: "office", number: "123456" }] }],
    ["phones.0.number", { phones: [{ type: "phone", location: "home", number: "call me" }] }],
    ["taxId", { country: "DE", taxId: "DE12345" }],
    ["taxId", { country: "GB", taxId: "FR1" }],
    ["currency", { currency: "JPY" }],
    ["currency", { currency: "XYZ" }],
    ["language", { language: "de" }],
    ["groupId", { groupId: "grp_doesnotexist" }],
    ["password", { password: undefined }],
    ["generatePassword", { generatePassword: true }],
    ["password", { password: "short" }],
    ["password", { password: "alllowercase1234" }],
    ["username", { username: "has space" }],
    ["isAdmin", { isAdmin: true }],
    ["status", { status: "fraud" }],
    ["customFields.fld_unknown", { customFields: { fld_unknown: "x" } }],
  ])("answers 422 on %s", async (path, overrides) => {
    const res = await create(clientBody(overrides));
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it("accepts any valid EU VAT number format and other countries' tax ids", async () => {
    expect((await create(clientBody({ country: "DE", taxId: "DE123456789" }))).status).toBe(201);
    expect((await create(clientBody({ country: "DE", taxId: "123456789" }))).status).toBe(201);
    expect((await create(clientBody({ country: "GR", taxId: "EL123456789" }))).status).toBe(201);
    expect((await create(clientBody({ country: "US", taxId: "12-3456789" }))).status).toBe(201);
  });

  it("answers 409 username-taken for a username taken case-insensitively, in any company", async () => {
    const first = await create(clientBody({ username: "Grace.Hopper" }));
    expect(first.status).toBe(201);
    const again = await create(clientBody({ username: "grace.hopper" }));
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/\/username-taken$/);
    const other = await createTestCompany(api, "Other");
    const elsewhere = await api.request("POST", "/v1/clients", {
      token: other.staff,
      body: clientBody({ username: "GRACE.HOPPER" }),
    });
    expect(elsewhere.status).toBe(409);
  });
});

describe("custom field values", () => {
  let groupId: string;
  const fields: Record<string, string> = {};

  beforeAll(async () => {
    groupId = (await api.request("POST", "/v1/client-groups", { token: co.admin, body: { name: "Custom" } })).body.id;
    const define = async (name: string, body: Record<string, unknown>) => {
      const res = await api.request("POST", `/v1/client-groups/${groupId}/custom-fields`, {
        token: co.admin,
        body: { name, ...body },
      });
      fields[name] = res.body.id;
    };
    await define("code", { type: "text", regex: "[A-Z]{3}-[0-9]{3}", required: true });
    await define("plan", { type: "select", options: ["basic", "pro"], default: "basic" });
    await define("terms", { type: "checkbox" });
    await define("secret", { type: "text", encrypted: true });
  });

  it("validates by type, options, pattern and required, naming each field", async () => {
    const res = await create(
      clientBody({ groupId, customFields: { [fields.code!]: "abc", [fields.plan!]: "gold", [fields.terms!]: "yes" } }),
    );
    expect(res.status).toBe(422);
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(
      [`customFields.${fields.code}`, `customFields.${fields.plan}`, `customFields.${fields.terms}`].sort(),
    );
    const missing = await create(clientBody({ groupId }));
    expect(missing.body.errors).toEqual([{ path: `customFields.${fields.code}`, message: "code is required." }]);
  });

  it("stores values with defaults, encrypted ones sealed, and shows them decrypted to staff", async () => {
    const res = await create(
      clientBody({ groupId, customFields: { [fields.code!]: "ABC-123", [fields.secret!]: "s3cr3t-value" } }),
    );
    expect(res.status).toBe(201);
    expect(res.body.customFields).toEqual({
      [fields.code!]: "ABC-123",
      [fields.plan!]: "basic",
      [fields.secret!]: "s3cr3t-value",
    });
    const { scanTable } = await import("../helpers/table");
    const items = await scanTable();
    const stored = JSON.stringify(items.filter((i) => i.id === res.body.id));
    expect(stored).toContain("ABC-123");
    expect(stored).not.toContain("s3cr3t-value");
  });

  it("keeps no encrypted value in clear in an Idempotency-Key's record, and replays the first answer", async () => {
    const secret = `replay-${Date.now()}-value`;
    const headers = { "idempotency-key": `sealed-${Date.now()}` };
    const body = clientBody({ groupId, customFields: { [fields.code!]: "ABC-123", [fields.secret!]: secret } });
    const first = await create(body, headers);
    expect(first.status).toBe(201);
    expect(first.body.customFields[fields.secret!]).toBe(secret);
    // The value changes after the first answer: a replay still answers what the first attempt did.
    const edited = await api.request("PATCH", `/v1/clients/${first.body.id}`, {
      token: co.staff,
      body: { customFields: { [fields.secret!]: "changed-later" } },
    });
    expect(edited.status).toBe(200);

    const replay = await create(body, headers);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(replay.body).toEqual(first.body);

    const { scanTable } = await import("../helpers/table");
    const records = (await scanTable()).filter(
      (i) => i.itemType === "idempotency" && i.sk === headers["idempotency-key"],
    );
    expect(records).toHaveLength(1);
    expect(JSON.stringify(records)).toContain("ABC-123");
    expect(JSON.stringify(records)).not.toContain(secret);
    // Not even hashed: the request's fingerprint leaves encrypted values out, so another value is the same request.
    const otherValue = await create(
      { ...body, customFields: { ...(body.customFields as object), [fields.secret!]: "x" } },
      headers,
    );
    expect(otherValue.headers.get("idempotent-replayed")).toBe("true");
  });

  it("re-checks values when a client moves to another group", async () => {
    const made = await create(clientBody());
    const moved = await api.request("PATCH", `/v1/clients/${made.body.id}`, { token: co.staff, body: { groupId } });
    expect(moved.status).toBe(422);
    expect(moved.body.errors[0].path).toBe(`customFields.${fields.code}`);
  });
});

describe("editing a client", () => {
  it("applies a partial change, bumps the version and honours If-Match", async () => {
    const made = await create(clientBody());
    const res = await api.request("PATCH", `/v1/clients/${made.body.id}`, {
      token: co.staff,
      body: { city: "Paris", country: "FR", phones: [{ type: "phone", location: "home", number: "01 23 45 67 89" }] },
      headers: { "if-match": '"1"' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ city: "Paris", country: "FR", version: 2 });
    expect(res.body.phones[0].e164).toBe("+33123456789");
    const stale = await api.request("PATCH", `/v1/clients/${made.body.id}`, {
      token: co.staff,
      body: { city: "Lyon" },
      headers: { "if-match": '"1"' },
    });
    expect(stale.status).toBe(412);
    const forbidden = await api.request("PATCH", `/v1/clients/${made.body.id}`, {
      token: co.staff,
      body: { password: TEST_PASSWORD },
    });
    expect(forbidden.status).toBe(422);
    expect(forbidden.body.errors[0].path).toBe("password");
  });

  it("moves an email-as-username with the email, and frees the old one", async () => {
    const made = await create(clientBody());
    const oldEmail = made.body.email;
    const newEmail = `moved-${made.body.id}@example.com`;
    const res = await api.request("PATCH", `/v1/clients/${made.body.id}`, {
      token: co.staff,
      body: { email: newEmail },
    });
    expect(res.body.username).toBe(newEmail);
    const reuse = await create(clientBody({ email: oldEmail }));
    expect(reuse.status).toBe(201);
    const taken = await api.request("PATCH", `/v1/clients/${reuse.body.id}`, {
      token: co.staff,
      body: { username: newEmail.toUpperCase() },
    });
    expect(taken.status).toBe(409);
  });

  it("keeps a specified username when the email changes", async () => {
    const made = await create(clientBody({ username: `fixed-${Date.now()}` }));
    const res = await api.request("PATCH", `/v1/clients/${made.body.id}`, {
      token: co.staff,
      body: { email: "new@example.com" },
    });
    expect(res.body.username).toBe(made.body.username);
  });

  it("records marketing consent changes with when and how", async () => {
    const made = await create(clientBody({ marketingOptIn: false }));
    const res = await api.request("PATCH", `/v1/clients/${made.body.id}`, {
      token: co.staff,
      body: { marketingOptIn: true },
    });
    expect(res.body.marketing.optIn).toBe(true);
    expect(res.body.marketing.source).toBe("staff");
    expect(Date.parse(res.body.marketing.changedAt)).toBeGreaterThanOrEqual(Date.parse(made.body.marketing.changedAt));
  });

  it("answers 404 for an unknown client and for another company's", async () => {
    const made = await create(clientBody());
    const other = await createTestCompany(api, "Foreign");
    expect((await api.request("GET", `/v1/clients/${made.body.id}`, { token: other.staff })).status).toBe(404);
    expect(
      (await api.request("PATCH", `/v1/clients/${made.body.id}`, { token: other.staff, body: { city: "X" } })).status,
    ).toBe(404);
    expect((await api.request("GET", "/v1/clients/cl_nothing", { token: co.staff })).status).toBe(404);
  });
});

describe("Idempotency-Key", () => {
  it("returns the first response to a retry with the same body, and 422 for another body", async () => {
    const key = `key-${Date.now()}`;
    const body = clientBody();
    const first = await create(body, { "idempotency-key": key });
    const retry = await create(body, { "idempotency-key": key });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const reused = await create(clientBody(), { "idempotency-key": key });
    expect(reused.status).toBe(422);
    expect(reused.body.type).toMatch(/\/idempotency-key-reused$/);
  });
});
