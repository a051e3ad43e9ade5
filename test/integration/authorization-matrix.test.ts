import { ROUTES } from "../../lib/api/catalog";
import { resetConfig } from "../../lib/config";
import type { RouteSpec } from "../../lib/http/route";
import { addStaffMember } from "../../lib/staff/staff-members";
import { createDelivery, deliveryIdFor } from "../../lib/store/webhook-delivery-repository";
import { newEvent } from "../../lib/webhooks/events";
import type { ApiResponse, TestApi as TestApiType } from "../helpers/api";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";

/**
 * Every route of the catalog (routes added later join automatically) called
 * by six callers: nobody, a client, a staff member, an admin and a disabled
 * staff member of company A, and an admin of company B. What each should get follows from the route's
 * `access`; path ids are real ids of company A, so B must get 404 and never
 * A's data. Calls that pass authentication are made harmless: a body that
 * fails validation (422), or for DELETE an id that does not exist (404).
 */
type Caller = "nobody" | "client" | "staff" | "admin" | "other company's admin" | "disabled staff";
const CALLERS: Caller[] = ["nobody", "client", "staff", "admin", "other company's admin", "disabled staff"];

/** Path parameters that name something of one company: B must not reach A's. */
const COMPANY_SCOPED = new Set(["clientId", "groupId", "fieldId", "staffId", "importId", "webhookId", "deliveryId"]);
/** Path parameters that name something shared by every company, with a value that exists. */
const SHARED_PARAMS: Record<string, string> = {
  templateId: "account-registration",
  language: "en",
  code: "GB",
  asset: "swagger-ui-bundle.js",
};

/** Valid bodies for writes on company A's resources, so that B's call reaches the route and must answer 404. */
const VALID_BODIES: Record<string, unknown> = {
  "POST /v1/client-groups/{groupId}/custom-fields": { name: "Matrix", type: "text" },
  "POST /v1/clients/{clientId}/status": { status: "fraud", reason: "matrix" },
  "POST /v1/clients/{clientId}/password": { generate: true },
  "POST /v1/clients/{clientId}/invoices": { lines: [{ description: "Matrix", unitPrice: "1.00" }] },
  "POST /v1/clients/{clientId}/transactions": { type: "payment", amount: "1.00" },
  "POST /v1/clients/{clientId}/services": { name: "Matrix", price: "1.00", billingPeriod: "monthly" },
  "PATCH /v1/webhooks/{webhookId}": { description: "matrix" },
};
/** Parses as JSON, fails every object schema: authentication passed if the answer is 422. */
const INVALID_BODY: unknown = [];

const routeName = (spec: RouteSpec) => `${spec.method} ${spec.path}`;
const paramsOf = (spec: RouteSpec) => [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
const isScoped = (spec: RouteSpec) => paramsOf(spec).some((p) => COMPANY_SCOPED.has(p));

function validBody(spec: RouteSpec): unknown {
  const sample = VALID_BODIES[routeName(spec)];
  if (sample !== undefined && spec.body?.safeParse(sample).success) return sample;
  return spec.body?.safeParse({}).success ? {} : undefined;
}

type Expected = 401 | 403 | 404 | "passes";

function expectedFor(spec: RouteSpec, caller: Caller): Expected {
  if (spec.access === "public") return "passes";
  if (caller === "nobody") return 401;
  if (spec.access === "client") return caller === "client" ? "passes" : 403;
  if (caller === "client" || caller === "disabled staff") return 403;
  if (spec.access === "admin" && caller === "staff") return 403;
  if (caller === "other company's admin" && isScoped(spec)) return 404;
  return "passes";
}

let api: TestApiType;
let a: TestCompany;
let b: TestCompany;
let clientToken: string;
let clientEmail: string;
let disabledStaff: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  api = await TestApi.start();
  [a, b] = await Promise.all([createTestCompany(api, "Matrix A"), createTestCompany(api, "Matrix B")]);
  ids.groupId = (await api.request("GET", "/v1/client-groups", { token: a.staff })).body.items[0].id;
  const field = await api.request("POST", `/v1/client-groups/${ids.groupId}/custom-fields`, {
    token: a.admin,
    body: { name: "Reference", type: "text" },
  });
  ids.fieldId = field.body.id;
  const client = await api.request("POST", "/v1/clients", { token: a.staff, body: clientBody() });
  ids.clientId = client.body.id;
  clientEmail = client.body.email;
  clientToken = await api.login("clients", client.body.username, TEST_PASSWORD);
  const staff = await api.request("GET", "/v1/staff?limit=100", { token: a.admin });
  ids.staffId = staff.body.items.find((m: { username: string }) => m.username === a.staffUsername).id;
  const disabled = await addStaffMember({
    companyId: a.companyId,
    username: `disabled-${ids.staffId}`,
    email: "disabled@test.localhost",
    password: TEST_PASSWORD,
    role: "admin",
  });
  disabledStaff = await api.login("staff", disabled.username, TEST_PASSWORD);
  const off = await api.request("PATCH", `/v1/staff/${disabled.id}`, { token: a.admin, body: { status: "disabled" } });
  expect(off.status).toBe(200);
  // An import whose one row is invalid: done at once, no worker needed.
  const started = await api.send(
    "POST",
    new URL(`${api.baseUrl}/v1/imports`),
    { authorization: `Bearer ${a.admin}`, "content-type": "text/csv" },
    "firstName,lastName,email,country\nAda,Lovelace,not-an-email,GB\n",
  );
  ids.importId = JSON.parse(started.text).importId;
  // A webhook endpoint (on a loopback port nobody listens on: no deliverer runs in this file) and a delivery.
  process.env.CLIENTELE_WEBHOOKS_ALLOW_LOCALHOST = "true";
  resetConfig();
  const webhook = await api.request("POST", "/v1/webhooks", {
    token: a.admin,
    body: { url: "http://127.0.0.1:9/matrix", events: ["*"] },
  });
  ids.webhookId = webhook.body.id;
  ids.deliveryId = deliveryIdFor(newEvent(a.companyId, "ping", {}).id);
  const now = new Date().toISOString();
  await createDelivery({
    deliveryId: ids.deliveryId,
    webhookId: ids.webhookId!,
    companyId: a.companyId,
    eventId: `evt_${ids.deliveryId.slice(4)}`,
    eventType: "ping",
    status: "pending",
    attempt: 0,
    responseStatus: null,
    durationMs: null,
    error: null,
    responseExcerpt: null,
    createdAt: now,
    nextAttemptAt: now,
    windowEndsAt: now,
    body: "{}",
  });
});
afterAll(() => api.close());

function tokenOf(caller: Caller): string | undefined {
  return {
    nobody: undefined,
    client: clientToken,
    staff: a.staff,
    admin: a.admin,
    "other company's admin": b.admin,
    "disabled staff": disabledStaff,
  }[caller];
}

interface Probe {
  path: string;
  body: unknown;
  /** What a call that passes authentication must answer. */
  passing: (status: number) => boolean;
  /** What the 404 case answers when no valid body can be built (validation precedes the route). */
  notFound: number;
}

function probeFor(spec: RouteSpec, expected: Expected): Probe {
  // What would destroy company A's fixtures is aimed at an id that does not exist: passing is then a 404.
  const harmless = (spec.method === "DELETE" || spec.path.endsWith("/anonymise")) && expected === "passes";
  const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (COMPANY_SCOPED.has(name)) return harmless ? `${ids[name]!.slice(0, -4)}zzzz` : ids[name]!;
    if (name in SHARED_PARAMS) return SHARED_PARAMS[name]!;
    throw new Error(`no fixture for path parameter {${name}} of ${routeName(spec)}: add one to this test`);
  });
  const valid = validBody(spec);
  if (!spec.body) {
    return {
      path,
      body: undefined,
      notFound: 404,
      passing: harmless
        ? (s) => s === 404
        : (s) => s < 500 && s !== 401 && s !== 403 && !(spec.access !== "public" && s === 404),
    };
  }
  return {
    path,
    body: expected === "passes" ? INVALID_BODY : (valid ?? INVALID_BODY),
    notFound: valid === undefined ? 422 : 404,
    passing: (s) => s === 422,
  };
}

function verdict(spec: RouteSpec, expected: Expected, probe: Probe, res: ApiResponse): string | null {
  const { status } = res;
  if (expected === "passes") return probe.passing(status) ? null : `passes authentication, got ${status}`;
  const want = expected === 404 ? probe.notFound : expected;
  if (status !== want) return `expected ${want}, got ${status}`;
  if (res.headers.get("content-type") !== "application/problem+json") return "answer is not a problem";
  if (JSON.stringify(res.body).includes(clientEmail)) return `${routeName(spec)} leaked company A's data`;
  return null;
}

describe("authorisation matrix", () => {
  it("covers every route of the catalog", () => {
    expect(ROUTES.length).toBeGreaterThan(30);
    expect(ROUTES.filter((r) => r.access === "client").map(routeName)).toEqual(
      expect.arrayContaining(["GET /v1/me", "PATCH /v1/me", "POST /v1/me/password"]),
    );
  });

  it("has sample bodies that are still valid for their routes", () => {
    const stale = ROUTES.filter((spec) => routeName(spec) in VALID_BODIES && validBody(spec) === undefined);
    expect(stale.map(routeName)).toEqual([]);
  });

  it.each(ROUTES.map((spec) => [routeName(spec), spec] as const))("%s", async (_name, spec) => {
    const wrong: string[] = [];
    for (const caller of CALLERS) {
      const expected = expectedFor(spec, caller);
      const probe = probeFor(spec, expected);
      const res = await api.request(spec.method, probe.path, { token: tokenOf(caller), body: probe.body });
      const problem = verdict(spec, expected, probe, res);
      if (problem) wrong.push(`${caller}: ${problem}`);
    }
    expect(wrong).toEqual([]);
  });

  it("left company A's resources in place", async () => {
    for (const path of [
      `/v1/clients/${ids.clientId}`,
      `/v1/client-groups/${ids.groupId}`,
      `/v1/client-groups/${ids.groupId}/custom-fields`,
      `/v1/webhooks/${ids.webhookId}`,
    ]) {
      expect((await api.request("GET", path, { token: a.admin })).status).toBe(200);
    }
    const fields = (await api.request("GET", `/v1/client-groups/${ids.groupId}/custom-fields`, { token: a.staff })).body
      .items;
    expect(fields.map((f: { id: string }) => f.id)).toEqual([ids.fieldId]);
    const client = await api.request("GET", `/v1/clients/${ids.clientId}`, { token: a.staff });
    expect(client.body.status).toBe("active");
    const staff = await api.request("GET", `/v1/staff/${ids.staffId}`, { token: a.admin });
    expect(staff.body).toMatchObject({ status: "active", role: "staff" });
    expect((await api.request("GET", "/v1/me", { token: clientToken })).status).toBe(200);
  });
});
