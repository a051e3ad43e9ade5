import spectralCore from "@stoplight/spectral-core";
import spectralParsers from "@stoplight/spectral-parsers";
import { oas } from "@stoplight/spectral-rulesets";
import { ROUTES } from "../../lib/api/catalog";
import type { RouteSpec } from "../../lib/http/route";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";

let api: TestApi;
let co: TestCompany;
let other: TestCompany;
let clientToken: string;
let document: any;

beforeAll(async () => {
  api = await TestApi.start();
  [co, other] = await Promise.all([createTestCompany(api, "Contract"), createTestCompany(api, "Contract other")]);
  const body = clientBody();
  const created = await api.request("POST", "/v1/clients", { token: co.staff, body });
  clientToken = await api.login("clients", created.body.username, TEST_PASSWORD);
  document = (await api.request("GET", "/openapi.json")).body;
});
afterAll(() => api.close());

/** A value each path parameter accepts, so a probe gets past parameter validation. */
const SAMPLE_PARAMS: Record<string, string> = { templateId: "account-registration", language: "en", code: "GB" };

const pathOf = (route: RouteSpec) =>
  route.path.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE_PARAMS[name] ?? "probe_1");

const tokenFor = (route: RouteSpec) =>
  ({ public: undefined, staff: co.admin, admin: co.admin, client: clientToken })[route.access];

const documented = (route: RouteSpec, status: number) =>
  document.paths[route.path][route.method.toLowerCase()].responses[String(status)] !== undefined;

const takesLimit = (route: RouteSpec) => Boolean((route.query as any)?.shape?.limit);

describe("the served OpenAPI document", () => {
  it("passes Spectral's OpenAPI ruleset with nothing to report", async () => {
    const spectral = new spectralCore.Spectral();
    spectral.setRuleset({ extends: [oas as any] } as any);
    const results = await spectral.run(
      new spectralCore.Document(JSON.stringify(document, null, 2), spectralParsers.Json, "/openapi.json"),
    );
    expect(results.map((r) => `${r.code} at ${r.path.join(".")}: ${r.message}`)).toEqual([]);
  });
});

describe("every status a route answers is in the document", () => {
  it("answers 413 for a body over 64 KiB on every route that takes a body", async () => {
    for (const route of ROUTES.filter((r) => r.body)) {
      const res = await api.request(route.method, pathOf(route), {
        token: tokenFor(route),
        rawBody: JSON.stringify({ padding: "x".repeat(70 * 1024) }),
        headers: { "content-type": "application/json" },
      });
      expect([route.operationId, res.status]).toEqual([route.operationId, 413]);
      expect([route.operationId, documented(route, 413)]).toEqual([route.operationId, true]);
    }
  });

  it("answers 415 for a body that is not JSON on every route that takes a body", async () => {
    for (const route of ROUTES.filter((r) => r.body)) {
      const res = await api.request(route.method, pathOf(route), {
        token: tokenFor(route),
        rawBody: "name=x",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect([route.operationId, res.status]).toEqual([route.operationId, 415]);
      expect([route.operationId, documented(route, 415)]).toEqual([route.operationId, true]);
    }
  });

  it("answers 422 naming an unknown query parameter on every route but the HTML pages", async () => {
    // Pages people open from links (which may carry tracking parameters) ignore what they do not use.
    const isHtmlPage = (route: (typeof ROUTES)[number]) => route.responses[200]?.contentType === "text/html";
    for (const route of ROUTES) {
      const res = await api.request(route.method, `${pathOf(route)}?unexpected=1`, { token: tokenFor(route) });
      if (isHtmlPage(route)) {
        expect([route.operationId, res.status]).toEqual([route.operationId, 200]);
        continue;
      }
      expect([route.operationId, res.status]).toEqual([route.operationId, 422]);
      expect(res.body.errors).toContainEqual({ path: "unexpected", message: expect.any(String) });
      expect([route.operationId, documented(route, 422)]).toEqual([route.operationId, true]);
    }
  });

  it("documents 429, 500 and 503 on every route, and 401 and 403 on every route that needs a token", () => {
    for (const route of ROUTES) {
      const statuses = [429, 500, 503, ...(route.access === "public" ? [] : [401, 403])];
      expect([route.operationId, statuses.filter((s) => !documented(route, s))]).toEqual([route.operationId, []]);
    }
  });
});

describe("every list validates limit and pages with a cursor", () => {
  it("answers 422 with the path `limit` for a limit outside 1..100 on every list", async () => {
    const lists = ROUTES.filter(takesLimit);
    expect(lists.map((r) => r.operationId)).toEqual(expect.arrayContaining(["listClientGroups", "listCustomFields"]));
    for (const route of lists) {
      for (const limit of ["0", "101", "ten"]) {
        const res = await api.request("GET", `${pathOf(route)}?limit=${limit}`, { token: tokenFor(route) });
        expect([route.operationId, limit, res.status]).toEqual([route.operationId, limit, 422]);
        expect(res.body.errors.map((e: { path: string }) => e.path)).toContain("limit");
      }
    }
  });

  it("pages the client groups, the default one first, then by name", async () => {
    for (const name of ["Zeta", "Alpha", "Mu"]) {
      expect((await api.request("POST", "/v1/client-groups", { token: co.admin, body: { name } })).status).toBe(201);
    }
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = await api.request("GET", `/v1/client-groups?limit=2${query}`, { token: co.staff });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      names.push(...page.body.items.map((g: { name: string }) => g.name));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(names).toEqual(["General", "Alpha", "Mu", "Zeta"]);
    expect(pages).toBe(2);
  });

  it("pages a group's custom fields oldest first, with cursors bound to the group and company", async () => {
    const groupId = (await api.request("POST", "/v1/client-groups", { token: co.admin, body: { name: "Paged" } })).body
      .id;
    for (const name of ["First", "Second", "Third"]) {
      const made = await api.request("POST", `/v1/client-groups/${groupId}/custom-fields`, {
        token: co.admin,
        body: { name, type: "text" },
      });
      expect(made.status).toBe(201);
    }
    const first = await api.request("GET", `/v1/client-groups/${groupId}/custom-fields?limit=2`, { token: co.staff });
    expect(first.body.items.map((f: { name: string }) => f.name)).toEqual(["First", "Second"]);
    const cursor = encodeURIComponent(first.body.nextCursor);
    const second = await api.request("GET", `/v1/client-groups/${groupId}/custom-fields?limit=2&cursor=${cursor}`, {
      token: co.staff,
    });
    expect(second.body).toEqual({ items: [expect.objectContaining({ name: "Third" })], nextCursor: null });

    const generalId = (await api.request("GET", "/v1/client-groups?limit=1", { token: co.staff })).body.items[0].id;
    const otherGroup = await api.request("GET", `/v1/client-groups/${generalId}/custom-fields?cursor=${cursor}`, {
      token: co.staff,
    });
    expect(otherGroup.status).toBe(400);
    expect(otherGroup.body.type).toMatch(/\/bad-cursor$/);
    const groupsCursor = (await api.request("GET", "/v1/client-groups?limit=1", { token: co.staff })).body.nextCursor;
    const otherCompany = await api.request("GET", `/v1/client-groups?cursor=${encodeURIComponent(groupsCursor)}`, {
      token: other.staff,
    });
    expect(otherCompany.status).toBe(400);
  });
});
