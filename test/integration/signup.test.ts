import { randomBytes } from "node:crypto";
import { GenerateDataKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { jest } from "@jest/globals";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { handler as signupLambda } from "../../functions/signup";
import { resetConfig } from "../../lib/config";
import { lambdaContext } from "../../lib/local/lambda-context";
import { TestApi } from "../helpers/api";
import { createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { emailsTo, eventually, startMailerFor } from "../helpers/mail";

let api: TestApi;
let co: TestCompany;
let groupId: string;
let visibleFieldId: string;
let hiddenFieldId: string;

const unique = () => randomBytes(5).toString("hex");

/** A valid signup body for a person who took their time over the form. */
function signupBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    firstName: "Grace",
    lastName: "Hopper",
    email: `grace-${unique()}@example.com`,
    country: "US",
    password: TEST_PASSWORD,
    customFields: { [visibleFieldId]: "AB-123" },
    formStartedAt: Date.now() - 10_000,
    ...overrides,
  };
}

// Every request through `api` comes from its one source address, and the limit is 20 an hour per
// address across the installation: the tests stay under it, and the tests of the limits call the
// handler from source addresses of their own.
const signUp = (company: TestCompany, body: Record<string, unknown>, headers?: Record<string, string>) =>
  api.request("POST", `/v1/signup?company=${company.companyId}`, { body, headers });

/** Calls the Lambda handler as API Gateway would, from `sourceIp`. */
async function signUpFrom(sourceIp: string, companyId: string, body: Record<string, unknown>) {
  const event = {
    version: "2.0",
    routeKey: "POST /v1/signup",
    rawPath: "/v1/signup",
    rawQueryString: `company=${companyId}`,
    queryStringParameters: { company: companyId },
    headers: { "content-type": "application/json", host: "signup.test", "x-forwarded-for": "198.51.100.1" },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      http: { method: "POST", path: "/v1/signup", sourceIp, protocol: "HTTP/1.1", userAgent: "test" },
      requestId: unique(),
      domainName: "signup.test",
    },
  } as unknown as APIGatewayProxyEventV2;
  const response = await signupLambda(event, lambdaContext());
  return { status: response.statusCode!, headers: response.headers ?? {}, body: JSON.parse(response.body ?? "{}") };
}

const staffRead = (clientId: string) => api.request("GET", `/v1/clients/${clientId}`, { token: co.staff });

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Signup");
  await api.request("PATCH", "/v1/company", {
    token: co.admin,
    body: { currencies: ["USD", "EUR"], languages: ["en", "fr"] },
  });
  groupId = (await api.request("GET", "/v1/company", { token: co.staff })).body.signupGroupId;
  const field = (body: Record<string, unknown>) =>
    api.request("POST", `/v1/client-groups/${groupId}/custom-fields`, { token: co.admin, body });
  visibleFieldId = (
    await field({ name: "Reference", type: "text", required: true, regex: "[A-Z]{2}-\\d{3}", visibleToClient: true })
  ).body.id;
  hiddenFieldId = (await field({ name: "Risk notes", type: "text", visibleToClient: false })).body.id;
});
afterAll(() => api.close());

describe("GET /v1/signup/config", () => {
  it("offers the company's currencies, languages, defaults and only the client-visible fields, without flags", async () => {
    const res = await api.request("GET", `/v1/signup/config?company=${co.companyId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      companyId: co.companyId,
      signupOpen: true,
      groupId,
      currencies: ["USD", "EUR"],
      defaultCurrency: "USD",
      languages: ["en", "fr"],
      defaultLanguage: "en",
      passwordMinimumLength: 12,
      minimumFillSeconds: 3,
    });
    expect(res.body.customFields).toEqual([
      {
        id: visibleFieldId,
        name: "Reference",
        type: "text",
        options: [],
        required: true,
        regex: "[A-Z]{2}-\\d{3}",
        default: null,
      },
    ]);
  });

  it("serves the installation's default company without `company`, 404 for an unknown one, 422 for a bad id", async () => {
    const res = await api.request("GET", "/v1/signup/config");
    expect(res.status).toBe(200);
    expect(res.body.companyId).toBe(process.env.CLIENTELE_TEST_COMPANY_ID);
    expect((await api.request("GET", "/v1/signup/config?company=co_nothing")).status).toBe(404);
    const bad = await api.request("GET", "/v1/signup/config?company=a%20b");
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe("company");
  });
});

describe("POST /v1/signup", () => {
  it("creates an active client in the signup group and sends the registration email", async () => {
    const mailer = await startMailerFor(co.companyId);
    try {
      const body = signupBody({
        marketingOptIn: true,
        currency: "EUR",
        phones: [{ type: "phone", location: "work", number: "+1 212 555 0100" }],
      });
      const res = await signUp(co, body);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ clientId: expect.stringMatching(/^cl_/), username: body.email });
      const client = (await staffRead(res.body.clientId)).body;
      expect(client).toMatchObject({
        status: "active",
        groupId,
        email: body.email,
        currency: "EUR",
        taxExempt: false,
        marketing: { optIn: true, source: "signup" },
        customFields: { [visibleFieldId]: "AB-123" },
      });
      const mail = await eventually(
        () => emailsTo(body.email as string),
        (emails) => emails.length > 0,
      );
      expect(mail).toHaveLength(1);
      expect(mail[0]!.body.text).toContain(body.email as string);
      expect(mail[0]!.body.text).not.toContain(TEST_PASSWORD);
      expect(await api.login("clients", body.email as string, TEST_PASSWORD)).toEqual(expect.any(String));
    } finally {
      await mailer.stop();
    }
  });

  it("generates a password on request and returns it once; an Idempotency-Key replay does not repeat it", async () => {
    const body = signupBody({ password: undefined, generatePassword: true, username: `grace-${unique()}` });
    const headers = { "idempotency-key": `signup-${unique()}` };
    const first = await signUp(co, body, headers);
    expect(first.status).toBe(201);
    expect(first.body.username).toBe(body.username);
    expect(first.body.generatedPassword).toMatch(/^.{20}$/);
    expect(await api.login("clients", body.username as string, first.body.generatedPassword)).toEqual(
      expect.any(String),
    );

    const replay = await signUp(co, body, headers);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual({ clientId: first.body.clientId, username: body.username });

    const reused = await signUp(co, { ...body, firstName: "Other" }, headers);
    expect(reused.status).toBe(422);
    expect(reused.body.type).toMatch(/\/idempotency-key-reused$/);
  });

  it("refuses the staff-only fields, a hidden custom field, and a required visible field left out", async () => {
    const staffOnly = await signUp(co, signupBody({ groupId, taxExempt: true, status: "fraud" }));
    expect(staffOnly.status).toBe(422);
    expect(staffOnly.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      "groupId",
      "status",
      "taxExempt",
    ]);

    const hidden = await signUp(co, signupBody({ customFields: { [visibleFieldId]: "AB-123", [hiddenFieldId]: "x" } }));
    expect(hidden.status).toBe(422);
    expect(hidden.body.errors).toEqual([{ path: `customFields.${hiddenFieldId}`, message: expect.any(String) }]);

    const missing = await signUp(co, signupBody({ customFields: {} }));
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([
      { path: `customFields.${visibleFieldId}`, message: "Reference is required." },
    ]);

    const badFormat = await signUp(co, signupBody({ customFields: { [visibleFieldId]: "ab123" }, state: "FR-75" }));
    expect(badFormat.status).toBe(422);
    expect(badFormat.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      `customFields.${visibleFieldId}`,
      "state",
    ]);

    const weak = await signUp(co, signupBody({ password: "short" }));
    expect(weak.status).toBe(422);
    expect(weak.body.errors).toEqual([{ path: "password", message: expect.stringContaining("at least 12") }]);

    const noEmailOff = await signUp(co, signupBody({ sendRegistrationEmail: false }));
    expect(noEmailOff.status).toBe(422);
    expect(noEmailOff.body.errors[0].path).toBe("sendRegistrationEmail");
  });

  it("answers a taken username with a generic 409 next to the field the person can change", async () => {
    const body = signupBody();
    expect((await signUp(co, body)).status).toBe(201);
    const again = await signUp(co, signupBody({ email: body.email }));
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/\/username-taken$/);
    expect(again.body.errors).toEqual([{ path: "email", message: again.body.detail }]);
    const specified = await signUp(co, signupBody({ username: body.email }));
    expect(specified.status).toBe(409);
    expect(specified.body.errors[0].path).toBe("username");
    expect(specified.body.detail).toBe(again.body.detail);
  });

  it("answers a filled honeypot like a success while creating nothing", async () => {
    const body = signupBody({ website: "https://spam.example", generatePassword: true, password: undefined });
    const res = await signUp(co, body);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["clientId", "generatedPassword", "username"]);
    expect((await staffRead(res.body.clientId)).status).toBe(404);
    // The username was never reserved: a person can still take it.
    const person = await signUp(co, { ...body, website: "", generatePassword: undefined, password: TEST_PASSWORD });
    expect(person.status).toBe(201);
    expect(person.body.clientId).not.toBe(res.body.clientId);
  });

  it("answers a form sent less than 3 s after it opened like a success while creating nothing", async () => {
    const body = signupBody({ formStartedAt: Date.now() - 500 });
    const res = await signUp(co, body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ clientId: expect.stringMatching(/^cl_/), username: body.email });
    expect((await staffRead(res.body.clientId)).status).toBe(404);
    expect((await signUp(co, { ...body, formStartedAt: Date.now() - 5000 })).status).toBe(201);
  });

  it("answers 422 while the signup group does not allow signups", async () => {
    const closed = await createTestCompany(api, "Closed");
    const group = (await api.request("GET", "/v1/company", { token: closed.staff })).body.signupGroupId;
    await api.request("PATCH", `/v1/client-groups/${group}`, {
      token: closed.admin,
      body: { settings: { allowSignup: false } },
    });
    const config = await api.request("GET", `/v1/signup/config?company=${closed.companyId}`);
    expect(config.body.signupOpen).toBe(false);
    const res = await signUp(closed, signupBody({ customFields: undefined }));
    expect(res.status).toBe(422);
    expect(res.body.type).toMatch(/\/signup-closed$/);
  });
});

describe("in a group with an encrypted field", () => {
  /**
   * KMS as the signup role may use it (infra/permissions.ts): data keys can be
   * generated, nothing decrypted. There is no KMS emulator, so KMS is stood in
   * for, and Decrypt fails as IAM would refuse it.
   */
  function kmsThatOnlyEncrypts() {
    const previous = process.env.CLIENTELE_FIELD_KEY_ID;
    process.env.CLIENTELE_FIELD_KEY_ID = "arn:aws:kms:us-east-1:111122223333:key/signup-test";
    resetConfig();
    const calls: string[] = [];
    const send = jest.spyOn(KMSClient.prototype, "send").mockImplementation(async (command: unknown) => {
      calls.push((command as object).constructor.name);
      if (command instanceof GenerateDataKeyCommand) {
        return { Plaintext: randomBytes(32), CiphertextBlob: randomBytes(64) } as never;
      }
      throw Object.assign(new Error("not authorized to perform kms:Decrypt"), { name: "AccessDeniedException" });
    });
    return {
      calls,
      restore() {
        send.mockRestore();
        if (previous === undefined) delete process.env.CLIENTELE_FIELD_KEY_ID;
        else process.env.CLIENTELE_FIELD_KEY_ID = previous;
        resetConfig();
      },
    };
  }

  it("creates the client and answers without decrypting the value", async () => {
    const sealed = await createTestCompany(api, "Sealed");
    const group = (await api.request("GET", "/v1/company", { token: sealed.staff })).body.signupGroupId;
    const field = await api.request("POST", `/v1/client-groups/${group}/custom-fields`, {
      token: sealed.admin,
      body: { name: "Passport", type: "text", visibleToClient: true, encrypted: true },
    });
    expect(field.status).toBe(201);
    const body = signupBody({ customFields: { [field.body.id]: `P${unique()}` } });
    const kms = kmsThatOnlyEncrypts();
    try {
      const res = await signUp(sealed, body, { "idempotency-key": `sealed-${unique()}` });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ clientId: expect.stringMatching(/^cl_/), username: body.email });
      // One data key seals the field, one the verification link's token in the registration email.
      expect(kms.calls).toEqual(["GenerateDataKeyCommand", "GenerateDataKeyCommand"]);
    } finally {
      kms.restore();
    }
  });
});

describe("rate limits", () => {
  const honeypot = (email: string) => signupBody({ email, website: "bot", customFields: undefined });

  it("allows 5 attempts per email address an hour, refused and taken ones counting, then answers 429", async () => {
    const limited = await createTestCompany(api, "EmailLimit");
    const email = `limited-${unique()}@example.com`;
    const first = await signUpFrom("203.0.113.10", limited.companyId, signupBody({ email, customFields: undefined }));
    expect(first.status).toBe(201);
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const ip = `203.0.113.${11 + i}`;
      statuses.push((await signUpFrom(ip, limited.companyId, signupBody({ email, customFields: undefined }))).status);
    }
    expect(statuses).toEqual([409, 409, 409, 409]);
    // The same address in another case, as a username, from yet another network: still the same counter.
    const refused = await signUpFrom(
      "203.0.113.20",
      limited.companyId,
      signupBody({ email: `other-${unique()}@example.com`, username: email.toUpperCase(), customFields: undefined }),
    );
    expect(refused.status).toBe(429);
    expect(refused.headers["content-type"]).toBe("application/problem+json");
    const retryAfter = Number(refused.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
  });

  it("allows 20 attempts per source IP an hour, whatever X-Forwarded-For says, then answers 429", async () => {
    const limited = await createTestCompany(api, "IpLimit");
    const ip = "192.0.2.77";
    const statuses = [];
    for (let i = 0; i < 20; i++) {
      statuses.push((await signUpFrom(ip, limited.companyId, honeypot(`bot-${unique()}@example.com`))).status);
    }
    expect(statuses.every((status) => status === 201)).toBe(true);
    const refused = await signUpFrom(ip, limited.companyId, honeypot(`bot-${unique()}@example.com`));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    // Another address is counted on its own: the limit is per source, not global.
    expect((await signUpFrom("192.0.2.78", limited.companyId, honeypot(`bot-${unique()}@example.com`))).status).toBe(
      201,
    );
  });

  it("counts an address across the installation: attempts at one company count at every other", async () => {
    const [first, second] = [await createTestCompany(api, "SharedA"), await createTestCompany(api, "SharedB")];
    const email = `shared-${unique()}@example.com`;
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const company = i % 2 === 0 ? first : second;
      const ip = `203.0.113.${30 + i}`;
      statuses.push((await signUpFrom(ip, company.companyId, honeypot(email))).status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    const refused = await signUpFrom("203.0.113.40", second.companyId, honeypot(email));
    expect(refused.status).toBe(429);
    expect(refused.headers["content-type"]).toBe("application/problem+json");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("counts a source IP across the installation: 20 attempts spread over two companies, then 429 at both", async () => {
    const [first, second] = [await createTestCompany(api, "IpSharedA"), await createTestCompany(api, "IpSharedB")];
    const ip = "192.0.2.91";
    const statuses = [];
    for (let i = 0; i < 20; i++) {
      const company = i < 10 ? first : second;
      statuses.push((await signUpFrom(ip, company.companyId, honeypot(`bot-${unique()}@example.com`))).status);
    }
    expect(statuses.every((status) => status === 201)).toBe(true);
    for (const company of [first, second]) {
      expect((await signUpFrom(ip, company.companyId, honeypot(`bot-${unique()}@example.com`))).status).toBe(429);
    }
  });

  it("takes the source IP from the connection in the local server, never from X-Forwarded-For", async () => {
    const limited = await createTestCompany(api, "SocketIp");
    // An API of its own: its own loopback source address, with no earlier attempts on it.
    const own = await TestApi.start();
    try {
      const signUpThere = (headers: Record<string, string>) =>
        own.request("POST", `/v1/signup?company=${limited.companyId}`, {
          body: honeypot(`bot-${unique()}@example.com`),
          headers,
        });
      for (let i = 0; i < 20; i++) {
        expect((await signUpThere({ "x-forwarded-for": `10.0.0.${i}` })).status).toBe(201);
      }
      expect((await signUpThere({ "x-forwarded-for": "10.9.9.9" })).status).toBe(429);
    } finally {
      await own.close();
    }
  });
});

describe("a custom-field pattern that backtracks exponentially elsewhere, on public input", () => {
  it("judges 1,000 adversarial characters like any other value: 422 when they do not match, 201 when they do", async () => {
    const company = await createTestCompany(api, "Redos");
    const signupGroup = (await api.request("GET", "/v1/company", { token: company.staff })).body.signupGroupId;
    const field = await api.request("POST", `/v1/client-groups/${signupGroup}/custom-fields`, {
      token: company.admin,
      body: { name: "Code", type: "text", regex: "(a|a)*b", visibleToClient: true },
    });
    expect(field.status).toBe(201);
    const attempt = (code: string) =>
      signUpFrom("198.51.100.20", company.companyId, signupBody({ customFields: { [field.body.id]: code } }));
    const adversarial = await attempt("a".repeat(1000));
    expect(adversarial.status).toBe(422);
    expect(adversarial.body.errors).toEqual([
      { path: `customFields.${field.body.id}`, message: "The value does not have the expected format." },
    ]);
    expect((await attempt(`${"a".repeat(998)}b`)).status).toBe(201);
  });
});
