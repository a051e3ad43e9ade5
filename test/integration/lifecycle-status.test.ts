import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { config } from "../../lib/config";
import { cognito } from "../../lib/identity/cognito-client";
import { TestApi } from "../helpers/api";
import { nextSecond } from "../helpers/clock";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";

let api: TestApi;
let co: TestCompany;
let other: TestCompany;

beforeAll(async () => {
  api = await TestApi.start();
  [co, other] = await Promise.all([createTestCompany(api, "Lifecycle"), createTestCompany(api, "Elsewhere")]);
});
afterAll(() => api.close());

async function newClient(overrides: Record<string, unknown> = {}) {
  const res = await api.request("POST", "/v1/clients", { token: co.staff, body: clientBody(overrides) });
  expect(res.status).toBe(201);
  return res.body as { id: string; username: string; email: string; version: number };
}

const clientLogin = (username: string, password = TEST_PASSWORD) =>
  api.request("POST", "/v1/auth/clients/login", { body: { username, password } });

const setStatus = (clientId: string, body: Record<string, unknown>, token = co.staff) =>
  api.request("POST", `/v1/clients/${clientId}/status`, { token, body });

async function cognitoEnabled(clientId: string): Promise<boolean | undefined> {
  const user = await cognito().send(
    new AdminGetUserCommand({ UserPoolId: config().clientPool.userPoolId, Username: clientId }),
  );
  return user.Enabled;
}

describe("client sign-in", () => {
  it("takes the username in any case, or the email when it is the username", async () => {
    const named = await newClient({ username: `Grace.Hopper.${Date.now()}` });
    expect((await clientLogin(named.username.toUpperCase())).status).toBe(200);
    const byEmail = await newClient();
    const res = await clientLogin(byEmail.email);
    expect(res.status).toBe(200);
    const me = await api.request("GET", "/v1/me", { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(byEmail.id);
  });

  it("answers the same 401 for a wrong password, an unknown username and the client id itself", async () => {
    const client = await newClient();
    const wrong = await clientLogin(client.username, "Wrong-Passw0rd-123");
    const unknown = await clientLogin(`nobody-${Date.now()}@example.com`);
    const byId = await clientLogin(client.id);
    for (const res of [wrong, unknown, byId]) {
      expect(res.status).toBe(401);
      expect(res.body.detail).toBe(wrong.body.detail);
    }
  });
});

describe("POST /v1/clients/{clientId}/status", () => {
  it("marking fraud refuses the client's valid tokens at once and its sign-in, like a wrong password", async () => {
    const client = await newClient();
    const tokens = (await clientLogin(client.username)).body;
    expect((await api.request("GET", "/v1/me", { token: tokens.idToken })).status).toBe(200);

    const res = await setStatus(client.id, { status: "fraud", reason: "chargebacks" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: client.id, status: "fraud", version: client.version + 1 });
    expect(res.headers.get("etag")).toBe(`"${client.version + 1}"`);

    for (const token of [tokens.idToken, tokens.accessToken]) {
      const call = await api.request("GET", "/v1/me", { token });
      expect(call.status).toBe(401);
      expect(call.headers.get("content-type")).toBe("application/problem+json");
    }
    const login = await clientLogin(client.username);
    const wrongPassword = await clientLogin(client.username, "Wrong-Passw0rd-123");
    expect(login.status).toBe(401);
    expect(login.body).toEqual(wrongPassword.body);
    expect(await cognitoEnabled(client.id)).toBe(false);
    expect((await api.request("GET", `/v1/clients/${client.id}`, { token: co.staff })).body.status).toBe("fraud");
  });

  it("inactive refuses sign-in too; active lets the client sign in again, but old sessions stay ended", async () => {
    const client = await newClient();
    const old = (await clientLogin(client.username)).body.idToken;
    await nextSecond();
    expect((await setStatus(client.id, { status: "inactive" })).status).toBe(200);
    expect((await clientLogin(client.username)).status).toBe(401);

    const back = await setStatus(client.id, { status: "active" });
    expect(back.status).toBe(200);
    expect(back.body.status).toBe("active");
    expect(await cognitoEnabled(client.id)).toBe(true);
    const fresh = await clientLogin(client.username);
    expect(fresh.status).toBe(200);
    expect((await api.request("GET", "/v1/me", { token: fresh.body.idToken })).status).toBe(200);
    expect((await api.request("GET", "/v1/me", { token: old })).status).toBe(401);
  });

  it("records every change with who, when and the reason; setting the same status records nothing", async () => {
    const client = await newClient();
    const started = new Date().toISOString();
    await setStatus(client.id, { status: "inactive", reason: "asked to pause" });
    const again = await setStatus(client.id, { status: "inactive", reason: "twice" });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(client.version + 1);
    await setStatus(client.id, { status: "active" }, co.admin);

    const history = await api.request("GET", `/v1/clients/${client.id}/history`, { token: co.staff });
    const changes = history.body.items.filter((e: { type: string }) => e.type === "status-changed");
    expect(changes).toEqual([
      {
        id: expect.any(String),
        type: "status-changed",
        at: expect.any(String),
        actor: { type: "staff", id: expect.any(String), username: co.adminUsername },
        from: "inactive",
        to: "active",
      },
      {
        id: expect.any(String),
        type: "status-changed",
        at: expect.any(String),
        actor: { type: "staff", id: expect.any(String), username: co.staffUsername },
        from: "active",
        to: "inactive",
        reason: "asked to pause",
      },
    ]);
    expect(changes[1].at >= started).toBe(true);
  });

  it("validates the body: 422 naming the field", async () => {
    const client = await newClient();
    const bad = await setStatus(client.id, { status: "banned" });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe("status");
    const extra = await setStatus(client.id, { status: "active", groupId: "grp_x" });
    expect(extra.status).toBe(422);
    expect(extra.body.errors[0].path).toBe("groupId");
  });

  it("answers 404 for an unknown client and for another company's client, changing nothing", async () => {
    const client = await newClient();
    expect((await setStatus("cl_unknown", { status: "fraud" })).status).toBe(404);
    const foreign = await setStatus(client.id, { status: "fraud" }, other.admin);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain(client.email);
    expect((await api.request("GET", `/v1/clients/${client.id}`, { token: co.staff })).body.status).toBe("active");
    expect((await clientLogin(client.username)).status).toBe(200);
  });

  it("a client cannot change their own status: the staff route answers 403 to a client token", async () => {
    const client = await newClient();
    const token = (await clientLogin(client.username)).body.idToken;
    expect((await setStatus(client.id, { status: "active" }, token)).status).toBe(403);
  });
});
