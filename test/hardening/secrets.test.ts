import { randomBytes } from "node:crypto";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { TEST_ADMIN } from "../helpers/constants";
import { eventually, sentEmails, startMailerFor } from "../helpers/mail";
import { scanTable, tableDump } from "../helpers/table";
import { findLeaks, logsOfThisWorker, SHORTEST_WATCHED, watchedSecrets } from "../helpers/watched-secrets";

/**
 * Every way a password, token or encrypted custom value passes through the
 * product (typed, generated, changed by staff and by the client, at signup, at
 * sign-in and refresh, wrong ones; encrypted values created, replayed, shown,
 * edited and signed up with), with the logger at DEBUG: none of them may appear
 * in any table item (outbox and idempotency records included), any log line or
 * any email sent. This file checks its own at once; the global teardown
 * (test/helpers/secrets-scan.ts) checks what every test file used, after all of them.
 */

let api: TestApi;
let co: TestCompany;
const secrets = new Set<string>();
const strong = () => `Secret-${randomBytes(6).toString("hex")}-9Aa`;
const sealedValue = () => `Passport-${randomBytes(6).toString("hex")}`;

/** A token, and its signature alone: a log line that cut a token short would still give it away. */
function keep(...values: (string | undefined)[]) {
  for (const value of values) {
    if (!value) continue;
    secrets.add(value);
    const signature = value.split(".")[2];
    if (signature && signature.length >= 20) secrets.add(signature);
  }
}

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Secrets");
});
afterAll(() => api.close());

async function login(audience: "staff" | "clients", username: string, password: string) {
  keep(password);
  const res = await api.request("POST", `/v1/auth/${audience}/login`, { body: { username, password } });
  keep(res.body.idToken, res.body.accessToken, res.body.refreshToken);
  return res;
}

async function exerciseEverySecret(): Promise<string[]> {
  const emails: string[] = [];
  const staff = await login("staff", co.staffUsername, TEST_PASSWORD);
  const refreshed = await api.request("POST", "/v1/auth/refresh", {
    body: { refreshToken: staff.body.refreshToken, audience: "staff" },
  });
  keep(refreshed.body.idToken, refreshed.body.accessToken);
  await login("staff", co.staffUsername, strong());

  const typed = strong();
  const typedClient = await api.request("POST", "/v1/clients", {
    token: co.staff,
    body: clientBody({ password: typed, sendRegistrationEmail: true }),
    headers: { "idempotency-key": `secret-${randomBytes(4).toString("hex")}` },
  });
  emails.push(typedClient.body.email);
  const generated = await api.request("POST", "/v1/clients", {
    token: co.staff,
    body: clientBody({ password: undefined, generatePassword: true, sendRegistrationEmail: true }),
    headers: { "idempotency-key": `secret-${randomBytes(4).toString("hex")}` },
  });
  keep(generated.body.generatedPassword);
  emails.push(generated.body.email);

  const client = await login("clients", typedClient.body.username, typed);
  const clientRefresh = await api.request("POST", "/v1/auth/refresh", {
    body: { refreshToken: client.body.refreshToken, audience: "client" },
  });
  keep(clientRefresh.body.idToken, clientRefresh.body.accessToken);
  await api.request("GET", "/v1/me", { token: client.body.accessToken });
  const changed = strong();
  keep(changed);
  await api.request("POST", "/v1/me/password", {
    token: client.body.idToken,
    body: { currentPassword: typed, newPassword: changed },
  });
  await api.request("POST", "/v1/me/password", {
    token: client.body.idToken,
    body: { currentPassword: strong(), newPassword: strong() },
  });

  const setByStaff = strong();
  keep(setByStaff);
  await api.request("POST", `/v1/clients/${typedClient.body.id}/password`, {
    token: co.staff,
    body: { password: setByStaff },
  });
  const regenerated = await api.request("POST", `/v1/clients/${generated.body.id}/password`, {
    token: co.staff,
    body: { generate: true },
  });
  keep(regenerated.body.generatedPassword);
  await api.request("POST", `/v1/clients/${generated.body.id}/registration-email`, { token: co.staff });

  const signupPassword = strong();
  keep(signupPassword);
  const signup = await api.request("POST", `/v1/signup?company=${co.companyId}`, {
    body: { ...clientBody({ password: signupPassword }), formStartedAt: Date.now() - 10_000 },
  });
  const signupGenerated = await api.request("POST", `/v1/signup?company=${co.companyId}`, {
    body: { ...clientBody({ password: undefined, generatePassword: true }), formStartedAt: Date.now() - 10_000 },
  });
  keep(signupGenerated.body.generatedPassword);
  for (const res of [signup, signupGenerated]) {
    expect(res.status).toBe(201);
    emails.push((await api.request("GET", `/v1/clients/${res.body.clientId}`, { token: co.staff })).body.email);
  }
  emails.push(...(await exerciseEncryptedValues()));
  return emails;
}

/** An encrypted field in the signup group, visible to clients: every path its values take. */
async function exerciseEncryptedValues(): Promise<string[]> {
  const groupId = (await api.request("GET", "/v1/company", { token: co.staff })).body.signupGroupId;
  const field = await api.request("POST", `/v1/client-groups/${groupId}/custom-fields`, {
    token: co.admin,
    body: { name: "Passport", type: "text", visibleToClient: true, encrypted: true },
    headers: { "idempotency-key": `field-${randomBytes(4).toString("hex")}` },
  });
  expect(field.status).toBe(201);
  const [created, edited, signedUp] = [sealedValue(), sealedValue(), sealedValue()];
  keep(created, edited, signedUp);

  const body = clientBody({ sendRegistrationEmail: true, customFields: { [field.body.id]: created } });
  const headers = { "idempotency-key": `sealed-${randomBytes(4).toString("hex")}` };
  const first = await api.request("POST", "/v1/clients", { token: co.staff, body, headers });
  const replay = await api.request("POST", "/v1/clients", { token: co.staff, body, headers });
  expect(first.status).toBe(201);
  expect(replay.body).toEqual(first.body);
  expect(first.body.customFields[field.body.id]).toBe(created);

  const clientId = first.body.id as string;
  await api.request("PATCH", `/v1/clients/${clientId}`, {
    token: co.staff,
    body: { customFields: { [field.body.id]: edited } },
  });
  const shown = await api.request("GET", `/v1/clients/${clientId}`, { token: co.staff });
  expect(shown.body.customFields[field.body.id]).toBe(edited);
  const profile = await api.request("GET", `/v1/clients/${clientId}/profile`, { token: co.staff });
  expect(profile.status).toBe(200);
  expect(JSON.stringify(profile.body)).toContain(edited);
  const own = await api.login("clients", first.body.username, TEST_PASSWORD);
  const me = await api.request("GET", "/v1/me", { token: own });
  expect(JSON.stringify(me.body)).not.toContain(edited);
  const history = await api.request("GET", `/v1/clients/${clientId}/history?limit=100`, { token: co.staff });
  expect(history.body.items.length).toBeGreaterThan(1);

  const password = strong();
  keep(password);
  const signupBody: Record<string, unknown> = {
    ...clientBody({ password, customFields: { [field.body.id]: signedUp } }),
    formStartedAt: Date.now() - 10_000,
  };
  const signupHeaders = { "idempotency-key": `signup-${randomBytes(4).toString("hex")}` };
  const signup = await api.request("POST", `/v1/signup?company=${co.companyId}`, {
    body: signupBody,
    headers: signupHeaders,
  });
  expect(signup.status).toBe(201);
  const again = await api.request("POST", `/v1/signup?company=${co.companyId}`, {
    body: signupBody,
    headers: signupHeaders,
  });
  expect(again.body).toEqual(signup.body);
  const signedUpClient = await api.request("GET", `/v1/clients/${signup.body.clientId}`, { token: co.staff });
  expect(signedUpClient.body.customFields[field.body.id]).toBe(signedUp);
  return [first.body.email, signupBody.email as string];
}

describe("secrets", () => {
  it("no password, token or encrypted value in any table item, log line or email", async () => {
    const mailer = await startMailerFor(co.companyId);
    let addresses: string[] = [];
    try {
      addresses = await exerciseEverySecret();
      // Every email promised has gone out (outbox items sent), so the emails below are all there will be.
      await eventually(
        async () => (await scanTable()).filter((i) => i.itemType === "outbox" && i.companyId === co.companyId),
        (outbox) => outbox.length >= addresses.length && outbox.every((i) => i.status === "sent"),
      );
    } finally {
      await mailer.stop();
    }
    expect(secrets.size).toBeGreaterThan(20);
    // What this file used is watched for the run's final scan too (TestApi notes it by itself).
    expect(watchedSecrets()).toEqual(expect.arrayContaining([...secrets]));
    const logs = logsOfThisWorker();
    expect(logs).toMatch(/"level":"(DEBUG|INFO)"/);

    const emails = await sentEmails();
    const text = JSON.stringify(emails);
    expect(addresses.every((a) => text.includes(a))).toBe(true);
    const places = { table: await tableDump(), logs, emails: text };
    expect(findLeaks([...secrets, TEST_PASSWORD, TEST_ADMIN.password], places)).toEqual([]);
  }, 60_000);

  it("the search finds a secret wherever it is, JSON-escaped too, and ignores values too short to tell", () => {
    const places = {
      log: '{"level":"INFO","message":"leaked Canary-Secret-1 here"}',
      table: JSON.stringify({ note: 'say "Canary\\2-quoted"' }),
      email: "nothing",
    };
    expect(findLeaks(["Canary-Secret-1", "Canary\\2-quoted", "absent-secret"], places)).toEqual([
      "log: Canary-Secre…",
      `table: ${JSON.stringify("Canary\\2-quoted").slice(1, 13)}…`,
    ]);
    expect(SHORTEST_WATCHED).toBe(8);
  });
});
