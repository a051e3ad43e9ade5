import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, type TestCompany } from "../helpers/companies";
import { type MetricPoint, metricPointsSince, metricsMark } from "../helpers/metric-lines";

let api: TestApi;
let co: TestCompany;

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Metrics");
});
afterAll(() => api.close());

const named = (points: MetricPoint[], name: string) => points.filter((p) => p.name === name);

/** No dimension may name a client, an address or a company: only small fixed sets of values. */
function expectBoundedDimensions(points: MetricPoint[]) {
  for (const point of points) {
    for (const value of Object.values(point.dimensions)) expect(value).toMatch(/^[a-z-]{1,40}$/);
  }
}

describe("business metrics as embedded metric format lines", () => {
  it("a staff create counts one client created, by source", async () => {
    const mark = metricsMark();
    expect((await api.request("POST", "/v1/clients", { token: co.staff, body: clientBody() })).status).toBe(201);
    const points = metricPointsSince(mark);
    expect(named(points, "ClientsCreated")).toEqual([
      { name: "ClientsCreated", value: 1, dimensions: { service: "clientele", source: "staff" } },
    ]);
    expectBoundedDimensions(points);
  });

  it("a signup counts as created by signup; a honeypot and a bad body as refused, with the reason", async () => {
    const signup = (body: Record<string, unknown>) =>
      api.request("POST", `/v1/signup?company=${co.companyId}`, { body });
    const mark = metricsMark();
    const { password: _, ...withoutPassword } = clientBody();
    expect((await signup({ ...withoutPassword, generatePassword: true })).status).toBe(201);
    expect((await signup({ ...clientBody(), website: "http://spam.example" })).status).toBe(201);
    expect((await signup({ ...clientBody(), email: "not an email" })).status).toBe(422);
    const points = metricPointsSince(mark);
    expect(named(points, "ClientsCreated").map((p) => p.dimensions.source)).toEqual(["signup"]);
    expect(named(points, "SignupsRefused").map((p) => p.dimensions.reason)).toEqual(["honeypot", "validation"]);
    expectBoundedDimensions(points);
  });

  it("a wrong password counts a failed sign-in, by audience", async () => {
    const mark = metricsMark();
    const res = await api.request("POST", "/v1/auth/staff/login", {
      body: { username: co.staffUsername, password: "Wrong-Password-123" },
    });
    expect(res.status).toBe(401);
    expect(named(metricPointsSince(mark), "SignInsFailed").map((p) => p.dimensions.audience)).toEqual(["staff"]);
  });
});
