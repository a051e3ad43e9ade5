import { randomBytes } from "node:crypto";
import { addStaffMember } from "../../lib/staff/staff-members";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";

const PATH = "/v1/me/widgets/client-profile";
const DEFAULT = { order: ["invoices", "transactions", "services"], minimized: [] };

let api: TestApi;
let co: TestCompany;

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Widgets");
});
afterAll(() => api.close());

const put = (token: string, body: unknown) => api.request("PUT", PATH, { token, body });
const get = (token: string) => api.request("GET", PATH, { token });

describe("the client profile widget layout", () => {
  it("is the default one until saved, then what was saved", async () => {
    const fresh = await createTestCompany(api, "Fresh");
    expect((await get(fresh.staff)).body).toEqual(DEFAULT);
    const layout = { order: ["services", "invoices", "transactions"], minimized: ["transactions"] };
    const saved = await put(fresh.staff, layout);
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual(layout);
    expect((await get(fresh.staff)).body).toEqual(layout);
  });

  it("completes a partial order with the widgets left out, in default order", async () => {
    const fresh = await createTestCompany(api, "Partial");
    const saved = await put(fresh.staff, { order: ["services"], minimized: [] });
    expect(saved.body).toEqual({ order: ["services", "invoices", "transactions"], minimized: [] });
  });

  it("answers 422 for unknown widget ids, repeats and unknown fields", async () => {
    const before = (await get(co.staff)).body;
    const unknown = await put(co.staff, { order: ["invoices", "calendar"], minimized: [] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ path: "order.1", message: expect.stringMatching(/Unknown widget/) }]);
    const minimized = await put(co.staff, { order: [], minimized: ["notes"] });
    expect(minimized.status).toBe(422);
    expect(minimized.body.errors[0].path).toBe("minimized.0");
    const repeated = await put(co.staff, { order: ["invoices", "invoices"], minimized: [] });
    expect(repeated.status).toBe(422);
    expect(repeated.body.errors[0].path).toBe("order");
    const extra = await put(co.staff, { order: [], minimized: [], collapsed: true });
    expect(extra.status).toBe(422);
    expect(extra.body.errors).toEqual([{ path: "collapsed", message: expect.any(String) }]);
    const missing = await put(co.staff, { order: [] });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].path).toBe("minimized");
    expect((await get(co.staff)).body).toEqual(before);
  });

  it("is saved per staff member: staff A's layout is not staff B's, nor anyone's in another company", async () => {
    const layout = { order: ["transactions", "services", "invoices"], minimized: ["invoices", "services"] };
    expect((await put(co.staff, layout)).status).toBe(200);
    expect((await get(co.staff)).body).toEqual(layout);
    expect((await get(co.admin)).body).toEqual(DEFAULT);
    const other = await createTestCompany(api, "Other");
    expect((await get(other.staff)).body).toEqual(DEFAULT);
    expect((await get(other.admin)).body).toEqual(DEFAULT);
  });

  it("orders and minimises the profile's widgets for the staff member who saved it, on every client", async () => {
    const clientIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await api.request("POST", "/v1/clients", { token: co.staff, body: clientBody() });
      clientIds.push(res.body.id);
    }
    const layout = { order: ["services", "transactions", "invoices"], minimized: ["transactions"] };
    await put(co.staff, layout);
    for (const clientId of clientIds) {
      const mine = await api.request("GET", `/v1/clients/${clientId}/profile`, { token: co.staff });
      expect(mine.body.widgets.map((w: { id: string; minimized: boolean }) => [w.id, w.minimized])).toEqual([
        ["services", false],
        ["transactions", true],
        ["invoices", false],
      ]);
      const theirs = await api.request("GET", `/v1/clients/${clientId}/profile`, { token: co.admin });
      expect(theirs.body.widgets.map((w: { id: string }) => w.id)).toEqual(DEFAULT.order);
    }
  });

  it("is for staff only", async () => {
    const username = `widget-client-${randomBytes(3).toString("hex")}`;
    const created = await api.request("POST", "/v1/clients", {
      token: co.staff,
      body: clientBody({ username, password: "Client-Passw0rd-1" }),
    });
    expect(created.status).toBe(201);
    const clientToken = await api.login("clients", username, "Client-Passw0rd-1");
    expect((await get(clientToken)).status).toBe(403);
    expect((await put(clientToken, DEFAULT)).status).toBe(403);
    expect((await api.request("GET", PATH)).status).toBe(401);
  });
});

it("a staff member added after others saved theirs starts from the default layout", async () => {
  const username = `late-${randomBytes(3).toString("hex")}`;
  await addStaffMember({
    companyId: co.companyId,
    username,
    email: `${username}@test.localhost`,
    password: TEST_PASSWORD,
    role: "staff",
  });
  const token = await api.login("staff", username, TEST_PASSWORD);
  expect((await get(token)).body).toEqual(DEFAULT);
});
