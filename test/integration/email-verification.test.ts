import { randomBytes } from "node:crypto";
import { config } from "../../lib/config";
import { TestApi } from "../helpers/api";
import { advanceClock, restoreClock } from "../helpers/clock";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { emailedToken } from "../helpers/links";
import { startMailerFor } from "../helpers/mail";
import { tableDump } from "../helpers/table";

let api: TestApi;
let co: TestCompany;
let mailer: { stop(): Promise<void> };

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Verification");
  mailer = await startMailerFor(co.companyId);
});
afterAll(async () => {
  await mailer.stop();
  await api.close();
});
afterEach(restoreClock);

const address = () => `v-${randomBytes(5).toString("hex")}@example.com`;

async function created(sendRegistrationEmail: boolean) {
  const body = clientBody({ sendRegistrationEmail });
  const res = await api.request("POST", "/v1/clients", { token: co.staff, body });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, username: res.body.username as string, email: body.email as string };
}

const verify = (token: string) => api.request("POST", "/v1/auth/verify-email", { body: { token } });
const shown = async (id: string) => (await api.request("GET", `/v1/clients/${id}`, { token: co.staff })).body;

describe("email verification", () => {
  it("reads unverified on a client that never had a link, in the staff and the client view", async () => {
    const ada = await created(false);
    expect(await shown(ada.id)).toMatchObject({ emailVerified: false, emailVerifiedAt: null });
    const login = await api.request("POST", "/v1/auth/clients/login", {
      body: { username: ada.username, password: TEST_PASSWORD },
    });
    const me = await api.request("GET", "/v1/me", { token: login.body.idToken });
    expect(me.body).toMatchObject({ emailVerified: false, emailVerifiedAt: null });
  });

  it("verifies the address from the registration email's link, once", async () => {
    const ada = await created(true);
    const token = await emailedToken(ada.email, "verify-email");
    expect(await tableDump()).not.toContain(token);
    expect((await verify(token)).status).toBe(204);
    const client = await shown(ada.id);
    expect(client.emailVerified).toBe(true);
    expect(Date.parse(client.emailVerifiedAt)).not.toBeNaN();
    const again = await verify(token);
    expect(again.status).toBe(400);
    expect(again.body.type).toMatch(/\/invalid-token$/);
  });

  it("makes a changed address unverified and sends it its own link; the old address's link no longer works", async () => {
    const ada = await created(true);
    const oldToken = await emailedToken(ada.email, "verify-email");
    const newAddress = address();
    const patched = await api.request("PATCH", `/v1/clients/${ada.id}`, {
      token: co.staff,
      body: { email: newAddress },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ email: newAddress, emailVerified: false, emailVerifiedAt: null });
    expect((await verify(oldToken)).status).toBe(400);
    const token = await emailedToken(newAddress, "verify-email");
    expect((await verify(token)).status).toBe(204);
    expect(await shown(ada.id)).toMatchObject({ emailVerified: true });

    const other = address();
    await api.request("PATCH", `/v1/clients/${ada.id}`, { token: co.staff, body: { email: other } });
    expect(await shown(ada.id)).toMatchObject({ email: other, emailVerified: false, emailVerifiedAt: null });
  });

  it("makes the client's own change of address unverified too, and resends on request (202, rate-limited)", async () => {
    const ada = await created(false);
    const login = await api.request("POST", "/v1/auth/clients/login", {
      body: { username: ada.username, password: TEST_PASSWORD },
    });
    const token = login.body.idToken as string;
    const newAddress = address();
    const patched = await api.request("PATCH", "/v1/me", { token, body: { email: newAddress } });
    expect(patched.status).toBe(200);
    expect(patched.body.emailVerified).toBe(false);
    const first = await emailedToken(newAddress, "verify-email");

    const resend = await api.request("POST", "/v1/me/email-verification", { token });
    expect(resend.status).toBe(202);
    const second = await emailedToken(newAddress, "verify-email", 1);
    expect((await verify(first)).status).toBe(400);
    expect((await verify(second)).status).toBe(204);

    const limit = config().signupLimits.perClientEmailChanges;
    for (let i = 1; i < limit; i++) {
      expect((await api.request("POST", "/v1/me/email-verification", { token })).status).toBe(202);
    }
    const refused = await api.request("POST", "/v1/me/email-verification", { token });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBeTruthy();
  });

  it("carries a fresh link in the registration email staff send again", async () => {
    const ada = await created(false);
    const res = await api.request("POST", `/v1/clients/${ada.id}/registration-email`, { token: co.staff });
    expect(res.status).toBe(202);
    const token = await emailedToken(ada.email, "verify-email");
    expect((await verify(token)).status).toBe(204);
  });

  it("refuses a link after 7 days, and made-up tokens", async () => {
    const ada = await created(true);
    const token = await emailedToken(ada.email, "verify-email");
    advanceClock(7 * 24 * 3600 * 1000 + 1000);
    expect((await verify(token)).status).toBe(400);
    restoreClock();
    expect((await verify(randomBytes(32).toString("base64url"))).status).toBe(400);
    expect((await api.request("POST", "/v1/auth/verify-email", { body: {} })).status).toBe(422);
  });
});
