import { TestApi } from "../helpers/api";
import { nextSecond } from "../helpers/clock";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { tableDump } from "../helpers/table";

let api: TestApi;
let co: TestCompany;
let other: TestCompany;

beforeAll(async () => {
  api = await TestApi.start();
  [co, other] = await Promise.all([createTestCompany(api, "Passwords"), createTestCompany(api, "Elsewhere")]);
});
afterAll(() => api.close());

async function newClient() {
  const res = await api.request("POST", "/v1/clients", { token: co.staff, body: clientBody() });
  expect(res.status).toBe(201);
  return res.body as { id: string; username: string; version: number };
}

const login = (username: string, password: string) =>
  api.request("POST", "/v1/auth/clients/login", { body: { username, password } });

const setPassword = (clientId: string, body: unknown, token = co.staff) =>
  api.request("POST", `/v1/clients/${clientId}/password`, { token, body });

describe("POST /v1/clients/{clientId}/password", () => {
  it("sets an entered password (204) and ends the client's sessions", async () => {
    const client = await newClient();
    const old = (await login(client.username, TEST_PASSWORD)).body;
    await nextSecond();
    const password = "New-Passw0rd-4567";
    const res = await setPassword(client.id, { password });
    expect(res.status).toBe(204);
    expect(res.body).toBe("");

    expect((await login(client.username, TEST_PASSWORD)).status).toBe(401);
    const fresh = await login(client.username, password);
    expect(fresh.status).toBe(200);
    expect((await api.request("GET", "/v1/me", { token: fresh.body.idToken })).status).toBe(200);
    for (const token of [old.idToken, old.accessToken]) {
      expect((await api.request("GET", "/v1/me", { token })).status).toBe(401);
    }
  });

  it("generates a strong password, returned once (200) and never stored", async () => {
    const client = await newClient();
    const res = await setPassword(client.id, { generate: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const { generatedPassword } = res.body;
    expect(Object.keys(res.body)).toEqual(["generatedPassword"]);
    expect(generatedPassword).toHaveLength(20);
    expect(generatedPassword).toMatch(/[a-z]/);
    expect(generatedPassword).toMatch(/[A-Z]/);
    expect(generatedPassword).toMatch(/[0-9]/);
    expect((await login(client.username, generatedPassword)).status).toBe(200);
    expect(await tableDump()).not.toContain(generatedPassword);
  });

  it("records the change in history, without the password", async () => {
    const client = await newClient();
    const password = "Another-Passw0rd-89";
    await setPassword(client.id, { password });
    const history = await api.request("GET", `/v1/clients/${client.id}/history`, { token: co.staff });
    expect(history.body.items[0]).toMatchObject({
      type: "password-changed",
      actor: { type: "staff", username: co.staffUsername },
    });
    expect(JSON.stringify(history.body)).not.toContain(password);
  });

  it.each([
    [{ password: "short1A" }, "password"],
    [{ password: "alllowercase-no-digits" }, "password"],
    [{}, "password"],
    [{ password: "Valid-Passw0rd-123", generate: true }, "password"],
    [{ generate: false }, "generate"],
    [{ generate: true, status: "active" }, "status"],
  ])("answers 422 for %j, naming %s", async (body, path) => {
    const client = await newClient();
    const res = await setPassword(client.id, body);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect((await login(client.username, TEST_PASSWORD)).status).toBe(200);
  });

  it("answers 404 for another company's client, and its password still works", async () => {
    const client = await newClient();
    expect((await setPassword(client.id, { generate: true }, other.admin)).status).toBe(404);
    expect((await login(client.username, TEST_PASSWORD)).status).toBe(200);
  });
});
