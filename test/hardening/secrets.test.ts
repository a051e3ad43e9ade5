import { randomBytes } from "node:crypto";
import { jest } from "@jest/globals";
import { logger } from "../../lib/http/logger";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { TEST_ADMIN } from "../helpers/constants";
import { eventually, sentEmails, startMailerFor } from "../helpers/mail";
import { scanTable } from "../helpers/table";

/**
 * Every way a password or token passes through the product (typed, generated,
 * changed by staff and by the client, at signup, at sign-in and refresh, and
 * wrong ones), with the logger at DEBUG: none of them may appear in any table
 * item (outbox and idempotency records included), any line written to stdout
 * or stderr, or any email sent.
 */

let api: TestApi;
let co: TestCompany;
const secrets = new Set<string>();
const captured: string[] = [];
const strong = () => `Secret-${randomBytes(6).toString("hex")}-9Aa`;

/** A token, and its signature alone: a log line that cut a token short would still give it away. */
function keep(...values: (string | undefined)[]) {
  for (const value of values) {
    if (!value) continue;
    secrets.add(value);
    const signature = value.split(".")[2];
    if (signature && signature.length >= 20) secrets.add(signature);
  }
}

function captureOutput() {
  const streams = [process.stdout, process.stderr];
  const spies = streams.map((stream) =>
    jest.spyOn(stream, "write").mockImplementation((chunk: unknown) => {
      captured.push(String(chunk));
      return true;
    }),
  );
  const consoles = (["log", "info", "warn", "error", "debug"] as const).map((method) =>
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      captured.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    }),
  );
  return () => {
    for (const spy of [...spies, ...consoles]) spy.mockRestore();
  };
}

let restoreOutput: () => void;
beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Secrets");
  restoreOutput = captureOutput();
  logger.setLogLevel("DEBUG");
  // The logger's middleware puts the level back to the configured one on every warm invocation; keep DEBUG.
  jest.spyOn(logger, "refreshSampleRateCalculation").mockImplementation(() => {});
});
afterAll(async () => {
  restoreOutput();
  await api.close();
});

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
  return emails;
}

describe("secrets", () => {
  it("no password or token in any table item, log line or email", async () => {
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
    expect(captured.some((line) => line.includes('"level":"DEBUG"') || line.includes('"level":"INFO"'))).toBe(true);

    const table = JSON.stringify(await scanTable());
    const emails = JSON.stringify(await sentEmails());
    const logs = captured.join("\n");
    expect(addresses.every((a) => emails.includes(a))).toBe(true);
    const found = [...secrets].flatMap((secret) =>
      Object.entries({ table, logs, emails })
        .filter(([, text]) => text.includes(secret))
        .map(([where]) => `${where} holds ${secret.slice(0, 12)}…`),
    );
    expect(found).toEqual([]);
    // What every other test file signs in with: checked over the whole table and every email sent so far.
    for (const shared of [TEST_PASSWORD, TEST_ADMIN.password]) {
      expect({ shared, inTable: table.includes(shared), inEmails: emails.includes(shared) }).toEqual({
        shared,
        inTable: false,
        inEmails: false,
      });
    }
  }, 45_000);
});
