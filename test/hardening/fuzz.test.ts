import fc from "fast-check";
import { ROUTES } from "../../lib/api/catalog";
import type { RouteSpec } from "../../lib/http/route";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { bodyFor, headersFor, jsonSchemaOf, paramFor, queryFor, rawBodyFor } from "../helpers/fuzz";
import { companyViolations } from "../helpers/invariants";

/**
 * Fuzzes every route of the catalog with fast-check: valid-ish and hostile
 * bodies, query strings, path parameters and headers, with and without valid
 * tokens. Reproduce a failure with FUZZ_SEED=<seed in the test name>; narrow
 * it with FUZZ_ONLY=<operationId,...>; FUZZ_STATS=1 prints the statuses seen
 * per route (to check that requests get past validation).
 */

/** Requests per route: bounded so the file stays well under a minute. */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 20);
const PARALLEL_ROUTES = 6;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

let api: TestApi;
let co: TestCompany;
const known: Record<string, string[]> = {};
const tokens: Record<string, string | undefined> = {};

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Fuzz");
  // The client whose token is used is not among the ids fuzzed, so staff routes do not end its sessions at once.
  const username = `fuzz-client-${co.companyId}`;
  await api.request("POST", "/v1/clients", { token: co.staff, body: clientBody({ username }) });
  const victims = await Promise.all(
    [1, 2, 3].map(() => api.request("POST", "/v1/clients", { token: co.staff, body: clientBody() })),
  );
  const groups = await api.request("GET", "/v1/client-groups", { token: co.staff });
  const group = groups.body.items[0].id as string;
  const field = await api.request("POST", `/v1/client-groups/${group}/custom-fields`, {
    token: co.admin,
    body: { name: "Fuzzed", type: "text" },
  });
  const company = (await api.request("GET", "/v1/company", { token: co.staff })).body;
  Object.assign(known, {
    clientId: victims.map((v) => v.body.id),
    groupId: [group],
    fieldId: [field.body.id],
    templateId: ["account-registration"],
    language: company.languages,
    currency: company.currencies,
    code: ["GB", "us"],
    asset: ["swagger-ui.css", "init.js", "form.js", "form.css"],
  });
  Object.assign(tokens, {
    admin: `Bearer ${co.admin}`,
    staff: `Bearer ${co.staff}`,
    client: `Bearer ${await api.login("clients", username, TEST_PASSWORD)}`,
    tampered: `Bearer ${co.admin.slice(0, -4)}AAAA`,
    garbage: "Bearer not.a.token",
    basic: "Basic YWRtaW46YWRtaW4=",
    long: `Bearer ${"x".repeat(6000)}`,
  });
});
afterAll(() => api.close());

interface FuzzCase {
  method: string;
  path: string;
  query: [string, string][];
  headers: Record<string, string | undefined>;
  body: string | undefined;
}

/** Mostly the token of the route's own audience, so that requests get past authentication to the code behind it. */
function authorizationFor(route: RouteSpec): fc.Arbitrary<string | undefined> {
  const own = {
    public: [undefined],
    staff: [tokens.staff, tokens.admin],
    admin: [tokens.admin],
    client: [tokens.client],
  };
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...own[route.access]) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, ...Object.values(tokens)) },
  );
}

function caseFor(route: RouteSpec): fc.Arbitrary<FuzzCase> {
  const hints = {
    ...Object.fromEntries(Object.entries(known).map(([name, ids]) => [name, fc.constantFrom(...ids)])),
    customFields: fc.constantFrom({}, { [known.fieldId![0]!]: "fuzzed" }),
  };
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const params = fc.tuple(...names.map((name) => paramFor(known[name] ?? [])));
  const query = route.query ? jsonSchemaOf(route.query) : undefined;
  const body = route.body ? jsonSchemaOf(route.body) : undefined;
  // Signup belongs to a company named in the query; the default one is shared with other test files.
  const company: [string, string][] = query?.properties?.company ? [["company", co.companyId]] : [];
  return fc.record({
    method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, fc.constantFrom(...METHODS)),
    path: (names.length ? params : fc.constant([] as string[])).map((values) =>
      names.reduce((path, name, i) => path.replace(`{${name}}`, encodeURIComponent(values[i]!)), route.path),
    ),
    query: queryFor(query, hints).map((pairs) => [...company, ...pairs]),
    headers: headersFor(route, authorizationFor(route)),
    body: route.body
      ? rawBodyFor(body, hints)
      : fc.oneof(
          fc.constant(undefined),
          bodyFor(undefined).map((b) => JSON.stringify(b)),
        ),
  });
}

async function send(c: FuzzCase): Promise<{ status: number; type: string; text: string }> {
  const url = new URL(`${api.baseUrl}${c.path}`);
  for (const [name, value] of c.query) url.searchParams.append(name, value);
  const headers = Object.fromEntries(Object.entries(c.headers).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  const withBody = c.body !== undefined && c.method !== "GET";
  const response = await api.send(c.method, url, headers, withBody ? c.body : undefined);
  return { status: response.status, type: response.headers.get("content-type") ?? "", text: response.text };
}

/** What is wrong with a response: a 5xx, or an error that is not a complete problem document. */
function complaints(res: { status: number; type: string; text: string }): string[] {
  if (res.status >= 500) return [`answered ${res.status}: ${res.text.slice(0, 300)}`];
  if (res.status < 400) return [];
  if (!res.type.startsWith("application/problem+json")) return [`error ${res.status} as ${res.type}`];
  const problem = JSON.parse(res.text) as { type?: unknown; title?: unknown; status?: unknown };
  const out: string[] = [];
  if (typeof problem.type !== "string" || typeof problem.title !== "string") out.push("problem without type/title");
  if (problem.status !== res.status) out.push(`problem status ${problem.status} for HTTP ${res.status}`);
  return out;
}

const describeCase = (c: FuzzCase) =>
  `${c.method} ${c.path.slice(0, 200)} ?${JSON.stringify(c.query).slice(0, 200)} headers=${JSON.stringify(
    Object.keys(c.headers),
  )} auth=${c.headers.authorization?.slice(0, 20)} body=${c.body?.slice(0, 200)}`;

const statuses: string[] = [];
afterAll(() => {
  if (!process.env.FUZZ_STATS) return;
  const counts = new Map<string, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  console.log(
    [...counts]
      .sort()
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n"),
  );
});

async function fuzzRoute(route: RouteSpec): Promise<string[]> {
  const failures: string[] = [];
  for (const c of fc.sample(caseFor(route), { numRuns: RUNS_PER_ROUTE, seed: SEED })) {
    const res = await send(c);
    if (process.env.FUZZ_STATS) statuses.push(`${route.operationId} ${res.status}`);
    for (const complaint of complaints(res))
      failures.push(`${route.operationId}: ${complaint}\n    ${describeCase(c)}`);
  }
  return failures;
}

describe("fuzzing every route", () => {
  it(`never answers 5xx, always answers errors as problem+json, and leaves nothing half-written (seed ${SEED})`, async () => {
    const only = process.env.FUZZ_ONLY?.split(",");
    const queue = ROUTES.filter((r) => !only || only.includes(r.operationId));
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: PARALLEL_ROUTES }, async () => {
        for (let route = queue.shift(); route; route = queue.shift()) failures.push(...(await fuzzRoute(route)));
      }),
    );
    expect(failures).toEqual([]);
    expect(await companyViolations(co.companyId)).toEqual([]);
  }, 120_000);
});
