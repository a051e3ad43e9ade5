import fc from "fast-check";
import { ROUTES } from "../../lib/api/catalog";
import { resetConfig } from "../../lib/config";
import type { RouteSpec } from "../../lib/http/route";
import { createDelivery, deliveryIdFor } from "../../lib/store/webhook-delivery-repository";
import { newEvent } from "../../lib/webhooks/events";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { jsonSchemaOf, validish } from "../helpers/fuzz";
import { eventually } from "../helpers/mail";
import { scanTable } from "../helpers/table";

/**
 * Two companies with their own admins, staff and clients. Every route that
 * needs a token is tried with company A's tokens against company B's ids,
 * cursors and search terms. A success would be a 2xx that touched one of B's
 * ids, showed any of B's data, or changed any of B's items: there must be none.
 */

let api: TestApi;
let a: TestCompany;
let b: TestCompany;
const aTokens: Record<string, string> = {};
const bIds: Record<string, string> = {};
const aIds: Record<string, string> = {};
/** Strings that only B's data contains. */
const bMarkers: string[] = [];
const bMarker = `tenantb${Date.now().toString(36)}`;

/** Bodies that pass validation, so that a request reaches the lookup that must refuse it. */
const VALID_BODIES: Record<string, unknown> = {
  patchClient: { city: "Pwned" },
  changeClientStatus: { status: "fraud", reason: "tenant isolation" },
  setClientPassword: { generate: true },
  createInvoice: { lines: [{ description: "Pwned", quantity: 1, unitPrice: "1.00" }] },
  createTransaction: { type: "credit", amount: "5.00" },
  createService: { name: "Pwned", price: "5.00", billingPeriod: "monthly" },
  patchClientGroup: { name: "Pwned" },
  createCustomField: { name: "Pwned", type: "text" },
  patchCustomField: { name: "Pwned" },
  patchOwnAccount: { city: "Pwned" },
  // A wrong current password: a right one would end A's own sessions half way through the sweep.
  changeOwnPassword: { currentPassword: "Not-The-Passw0rd-1", newPassword: "Changed-Passw0rd-77" },
  changeOwnStaffPassword: { currentPassword: "Not-The-Passw0rd-1", newPassword: "Changed-Passw0rd-77" },
};

/** Path parameters that name one company's things; the others (template ids, languages) are the same everywhere. */
const TENANT_PARAMS = new Set(["clientId", "groupId", "fieldId", "staffId", "importId", "webhookId", "deliveryId"]);
const SHARED_PARAMS: Record<string, string> = { templateId: "account-registration", language: "en" };

async function seedCompany(co: TestCompany, lastName: string) {
  const groups = await api.request("GET", "/v1/client-groups", { token: co.staff });
  const group = await api.request("POST", "/v1/client-groups", {
    token: co.admin,
    body: { name: `Group ${lastName}`, description: lastName },
  });
  const field = await api.request("POST", `/v1/client-groups/${groups.body.items[0].id}/custom-fields`, {
    token: co.admin,
    body: { name: `Field ${lastName}`, type: "text" },
  });
  const username = `${lastName}-${co.companyId}`.toLowerCase();
  const clients = [];
  for (const name of [username, undefined]) {
    const res = await api.request("POST", "/v1/clients", {
      token: co.staff,
      body: clientBody({ lastName, username: name, marketingOptIn: true, sendRegistrationEmail: true }),
      headers: name ? { "idempotency-key": `shared-key-${co.companyId}` } : {},
    });
    expect(res.status).toBe(201);
    clients.push(res.body);
  }
  const clientId = clients[0].id as string;
  for (const status of ["inactive", "active"]) {
    await api.request("POST", `/v1/clients/${clientId}/status`, { token: co.staff, body: { status } });
  }
  for (const kind of ["invoices", "transactions", "services"]) {
    for (let i = 0; i < 2; i++) {
      const body = { ...(VALID_BODIES[`create${kind[0]!.toUpperCase()}${kind.slice(1, -1)}`] as object) };
      await api.request("POST", `/v1/clients/${clientId}/${kind}`, { token: co.staff, body });
    }
  }
  const staff = await api.request("GET", "/v1/staff", { token: co.admin });
  const staffId = staff.body.items.find((m: { username: string }) => m.username === co.staffUsername).id as string;
  // A second history event, so that the member's history pages.
  await api.request("PATCH", `/v1/staff/${staffId}`, { token: co.admin, body: { name: `Renamed ${lastName}` } });
  // Two imports (their one row invalid: done at once, no worker needed), so the list pages.
  const imports = [];
  for (let i = 0; i < 2; i++) {
    const started = await api.send(
      "POST",
      new URL(`${api.baseUrl}/v1/imports`),
      { authorization: `Bearer ${co.admin}`, "content-type": "text/csv" },
      `firstName,lastName,email,country\n${lastName},${lastName},not-an-email,GB\n`,
    );
    imports.push(JSON.parse(started.text).importId as string);
  }
  // Two webhook endpoints and two deliveries in the first one's log, so that both lists page (no deliverer
  // runs in this file, so nothing is sent).
  const [webhook] = await Promise.all(
    ["/tenant", "/tenant-2"].map((path) =>
      api.request("POST", "/v1/webhooks", {
        token: co.admin,
        body: { url: `http://127.0.0.1:9${path}`, events: ["*"] },
      }),
    ),
  );
  expect(webhook!.status).toBe(201);
  const deliveryIds = [0, 1].map(() => deliveryIdFor(newEvent(co.companyId, "ping", {}).id));
  const now = new Date().toISOString();
  for (const id of deliveryIds) {
    await createDelivery({
      deliveryId: id,
      webhookId: webhook!.body.id,
      companyId: co.companyId,
      eventId: `evt_${id.slice(4)}`,
      eventType: "ping",
      status: "failed",
      attempt: 1,
      responseStatus: 500,
      durationMs: 3,
      error: "http-500",
      responseExcerpt: null,
      createdAt: now,
      nextAttemptAt: null,
      windowEndsAt: now,
      body: "{}",
    });
  }
  return {
    clients,
    group: group.body,
    field: field.body,
    username,
    staffId,
    importId: imports[0]!,
    webhookId: webhook!.body.id,
    deliveryId: deliveryIds[0]!,
  };
}

beforeAll(async () => {
  api = await TestApi.start();
  process.env.CLIENTELE_WEBHOOKS_ALLOW_LOCALHOST = "true";
  resetConfig();
  [a, b] = await Promise.all([createTestCompany(api, "Tenant A"), createTestCompany(api, "Tenant B")]);
  const [seedA, seedB] = await Promise.all([seedCompany(a, "Tenanta"), seedCompany(b, bMarker)]);
  for (const [ids, seed] of [
    [aIds, seedA],
    [bIds, seedB],
  ] as const) {
    Object.assign(ids, {
      clientId: seed.clients[0].id,
      groupId: seed.group.id,
      fieldId: seed.field.id,
      staffId: seed.staffId,
      importId: seed.importId,
      webhookId: seed.webhookId,
      deliveryId: seed.deliveryId,
    });
  }
  bMarkers.push(
    b.companyId,
    bMarker,
    seedB.group.id,
    seedB.field.id,
    seedB.importId,
    seedB.webhookId,
    seedB.deliveryId,
    ...seedB.clients.flatMap((c: { id: string; email: string }) => [c.id, c.email]),
  );
  Object.assign(aTokens, {
    admin: a.admin,
    staff: a.staff,
    client: await api.login("clients", seedA.username, TEST_PASSWORD),
  });
});
afterAll(() => api.close());

/** Everything of company B in the table, in a stable order. */
async function companyBState(): Promise<string[]> {
  const items = await scanTable();
  return items
    .filter((i) => String(i.pk).startsWith(`CO#${b.companyId}`) || i.companyId === b.companyId)
    .map((i) => JSON.stringify(i, Object.keys(i).sort()))
    .sort();
}

const pathWith = (route: RouteSpec, ids: Record<string, string>) =>
  route.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? SHARED_PARAMS[name] ?? `{${name}}`);

function bodiesFor(route: RouteSpec): unknown[] {
  if (!route.body) return [undefined];
  if (VALID_BODIES[route.operationId]) return [VALID_BODIES[route.operationId]];
  return fc.sample(validish(jsonSchemaOf(route.body), { groupId: fc.constant(bIds.groupId) }), { numRuns: 3, seed: 1 });
}

/** No query, and B's own search term and group filter where the route takes them. */
function queriesFor(route: RouteSpec): (Record<string, string> | undefined)[] {
  const names = Object.keys(route.query ? (jsonSchemaOf(route.query).properties ?? {}) : {});
  const queries: (Record<string, string> | undefined)[] = [undefined];
  if (names.includes("q")) queries.push({ q: bMarker });
  if (names.includes("groupId")) queries.push({ groupId: bIds.groupId! });
  return queries;
}

interface Attempt {
  route: RouteSpec;
  token: string;
  tokenName: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** The request names one of B's things, so any 2xx is a success for the attacker. */
  targetsB: boolean;
}

/** Sends the attempt; `success` describes how it got at B, null when it did not. */
async function attempt(at: Attempt): Promise<{ status: number; success: string | null }> {
  const query = at.query ? `?${new URLSearchParams(at.query)}` : "";
  const res = await api.request(at.route.method, `${at.path}${query}`, { token: at.token, body: at.body });
  const text = typeof res.body === "string" ? res.body : JSON.stringify(res.body);
  const ok = res.status >= 200 && res.status < 300;
  const leaked = ok ? bMarkers.filter((m) => text.includes(m)) : [];
  const label = `${at.tokenName} token: ${at.route.method} ${at.path}${query} -> ${res.status}`;
  if (ok && at.targetsB) return { status: res.status, success: `${label} (reached company B's resource)` };
  if (leaked.length > 0) return { status: res.status, success: `${label} (showed ${leaked.join(", ")})` };
  return { status: res.status, success: null };
}

const protectedRoutes = ROUTES.filter((r) => r.access !== "public");

/** B's cursor of every list that pages, read by B's own staff. */
async function cursorsOfB(): Promise<{ route: RouteSpec; query: Record<string, string>; cursor: string }[]> {
  const found = [];
  for (const route of protectedRoutes) {
    const query = route.query ? jsonSchemaOf(route.query).properties : undefined;
    // The export's cursor travels in a header (test/integration/client-data.test.ts tries it across companies).
    if (route.method !== "GET" || !query?.cursor || route.responses[200]?.contentType) continue;
    const own = { limit: "1", ...(query.q ? { q: bMarker } : {}) };
    const token = route.access === "client" ? undefined : b.admin;
    if (!token) continue;
    const page = await eventually(
      () => api.request("GET", `${pathWith(route, bIds)}?${new URLSearchParams(own)}`, { token }),
      (res) => res.status !== 200 || Boolean(res.body.nextCursor),
    );
    if (page.status === 200 && page.body.nextCursor) found.push({ route, query: own, cursor: page.body.nextCursor });
  }
  return found;
}

describe("company A's tokens against company B", () => {
  it("every route, with B's ids, search terms and group filter: no success, and B's data unchanged", async () => {
    const before = await companyBState();
    const successes: string[] = [];
    const unreached: string[] = [];
    for (const route of protectedRoutes) {
      const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const unknown = params.filter((p) => !TENANT_PARAMS.has(p) && !(p in SHARED_PARAMS));
      expect({ route: route.operationId, unknown }).toEqual({ route: route.operationId, unknown: [] });
      const targetsB = params.some((p) => TENANT_PARAMS.has(p));
      let reached = !targetsB;
      for (const [tokenName, token] of Object.entries(aTokens)) {
        for (const body of bodiesFor(route)) {
          for (const query of queriesFor(route)) {
            const path = pathWith(route, bIds);
            const { status, success } = await attempt({ route, token, tokenName, path, query, body, targetsB });
            if (success) successes.push(success);
            reached ||= status === 404;
          }
        }
      }
      if (!reached) unreached.push(route.operationId);
    }
    expect(successes).toEqual([]);
    // A route that never answered 404 never got as far as looking B's id up (422 or 403 first): the check proved nothing.
    expect(unreached).toEqual([]);
    expect(await companyBState()).toEqual(before);
  });

  it("B's cursors: 400 on A's own lists, and nothing of B's on B's", async () => {
    const cursors = await cursorsOfB();
    expect(cursors.map((c) => c.route.operationId)).toEqual(
      expect.arrayContaining(["browseClients", "searchClients", "listClientHistory", "listInvoices"]),
    );
    const successes: string[] = [];
    for (const { route, query, cursor } of cursors) {
      for (const [tokenName, token] of Object.entries(aTokens)) {
        // A client, and staff on an admin list, are refused before any cursor is read.
        if (tokenName === "client" || (tokenName === "staff" && route.access === "admin")) continue;
        const onOwn = await api.request(
          "GET",
          `${pathWith(route, aIds)}?${new URLSearchParams({ ...query, cursor })}`,
          { token },
        );
        if (onOwn.status !== 400)
          successes.push(`${tokenName}: ${route.operationId} with B's cursor -> ${onOwn.status}`);
        const { success } = await attempt({
          route,
          token,
          tokenName,
          path: pathWith(route, bIds),
          query: { ...query, cursor },
          targetsB: route.path.includes("{"),
        });
        if (success) successes.push(success);
      }
    }
    expect(successes).toEqual([]);
  });

  it("an Idempotency-Key that B used is A's own: no replay of B's response", async () => {
    const res = await api.request("POST", "/v1/clients", {
      token: a.staff,
      body: clientBody({ lastName: "Tenanta" }),
      headers: { "idempotency-key": `shared-key-${b.companyId}` },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    expect(bMarkers.filter((m) => JSON.stringify(res.body).includes(m))).toEqual([]);
  });
});
