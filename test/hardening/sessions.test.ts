import { InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { jest } from "@jest/globals";
import { createCompanyWithAdmin } from "../../lib/companies/create-company-with-admin";
import { config } from "../../lib/config";
import { cognito } from "../../lib/identity/cognito-client";
import { StaffUsernameTakenError } from "../../lib/identity/staff-users";
import { db } from "../../lib/store/client";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { scanTable } from "../helpers/table";

let api: TestApi;
let co: TestCompany;

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Sessions");
});
afterAll(() => api.close());

async function newClient(overrides: Record<string, unknown> = {}) {
  const res = await api.request("POST", "/v1/clients", { token: co.admin, body: clientBody(overrides) });
  expect(res.status).toBe(201);
  return res.body as { id: string; username: string };
}

const login = (username: string, password = TEST_PASSWORD) =>
  api.request("POST", "/v1/auth/clients/login", { body: { username, password } });
const refresh = (refreshToken: string, audience = "client") =>
  api.request("POST", "/v1/auth/refresh", { body: { audience, refreshToken } });
const setStatus = (clientId: string, status: string) =>
  api.request("POST", `/v1/clients/${clientId}/status`, { token: co.admin, body: { status } });

const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_100 - (Date.now() % 1_000)));

describe("POST /v1/auth/refresh checks the account, not only Cognito", () => {
  it("answers 401 for a client made inactive or fraud", async () => {
    for (const status of ["inactive", "fraud"]) {
      const client = await newClient();
      const session = (await login(client.username)).body;
      expect((await refresh(session.refreshToken)).status).toBe(200);
      expect((await setStatus(client.id, status)).status).toBe(200);
      expect((await refresh(session.refreshToken)).status).toBe(401);
    }
  });

  it("keeps ended sessions ended after the client is reactivated; a new sign-in refreshes", async () => {
    const client = await newClient();
    const old = (await login(client.username)).body;
    // Tokens carry whole seconds and the cut-off's own second survives it: step into the next second
    // (cognito-local, in another process, stamps sign-ins with the real clock).
    await nextSecond();
    await setStatus(client.id, "inactive");
    await setStatus(client.id, "active");
    await nextSecond();
    expect((await refresh(old.refreshToken)).status).toBe(401);
    const fresh = (await login(client.username)).body;
    const refreshed = await refresh(fresh.refreshToken);
    expect(refreshed.status).toBe(200);
    expect((await api.request("GET", "/v1/me", { token: refreshed.body.idToken })).body.id).toBe(client.id);
  });

  it("answers 401 for a refresh token the API never issued, and for the other audience", async () => {
    const client = await newClient();
    const { AuthenticationResult } = await cognito().send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: config().clientPool.appClientId,
        AuthParameters: { USERNAME: client.id, PASSWORD: TEST_PASSWORD },
      }),
    );
    expect((await refresh(AuthenticationResult!.RefreshToken!)).status).toBe(401);
    const session = (await login(client.username)).body;
    expect((await refresh(session.refreshToken, "staff")).status).toBe(401);
    expect((await refresh("not-a-token")).status).toBe(401);
  });

  it("stores no refresh token, only its hash", async () => {
    const client = await newClient();
    const session = (await login(client.username)).body;
    const dump = JSON.stringify(await scanTable());
    expect(dump).not.toContain(session.refreshToken);
    expect(dump).not.toContain(session.refreshToken.slice(0, 40));
  });
});

describe("client sign-in does the same work whether or not the account exists or is active", () => {
  /** The AWS calls one sign-in makes, by command name. */
  async function callsOf(username: string, password: string) {
    const calls: string[] = [];
    const record = (client: { send: (...args: any[]) => Promise<any> }) => {
      const real = client.send.bind(client);
      return jest.spyOn(client, "send").mockImplementation(async (command: any, ...rest: any[]) => {
        calls.push(command.constructor.name);
        return real(command, ...rest);
      });
    };
    const spies = [record(db()), record(cognito())];
    const res = await login(username, password);
    for (const spy of spies) spy.mockRestore();
    return { status: res.status, body: res.body, calls: calls.sort() };
  }

  it("unknown username, wrong password and inactive client: same answer, same calls", async () => {
    const active = await newClient();
    const inactive = await newClient();
    await setStatus(inactive.id, "inactive");
    const wrongPassword = await callsOf(active.username, "Wrong-Passw0rd-1");
    const unknown = await callsOf(`nobody-${Date.now()}@example.com`, TEST_PASSWORD);
    const notActive = await callsOf(inactive.username, TEST_PASSWORD);
    expect(wrongPassword.status).toBe(401);
    for (const other of [unknown, notActive]) {
      expect(other.status).toBe(401);
      expect(other.body).toEqual(wrongPassword.body);
      expect(other.calls).toEqual(wrongPassword.calls);
    }
  });
});

describe("company:create", () => {
  it("refuses a taken staff username, writes nothing, and never re-links the existing account", async () => {
    const companiesBefore = (await scanTable()).filter((i) => i.itemType === "company").length;
    await expect(
      createCompanyWithAdmin(
        { name: "Hijack Hosting" },
        { username: co.adminUsername, email: "x@example.com", password: TEST_PASSWORD },
      ),
    ).rejects.toBeInstanceOf(StaffUsernameTakenError);
    const companiesAfter = (await scanTable()).filter((i) => i.itemType === "company").length;
    expect(companiesAfter).toBe(companiesBefore);
    const token = await api.login("staff", co.adminUsername, TEST_PASSWORD);
    expect((await api.request("GET", "/v1/company", { token })).body.id).toBe(co.companyId);
  });
});
