import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { jest } from "@jest/globals";
import { Secret, TOTP } from "otpauth";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { emailedLink } from "../helpers/links";
import { emailsTo, startMailerFor } from "../helpers/mail";
import { startPasswordResetsFor } from "../helpers/password-resets";
import { launchChromium, screenshot } from "./chromium";
import { axeViolations, VIEWPORTS, type Viewport } from "./page-checks";

/**
 * The pages emailed links open (reset password, verify email, accept a staff invitation), the way
 * people reach them: from the email in the local SES store, in a real Chromium.
 */

jest.setTimeout(120_000);

let api: TestApi;
let browser: Browser;
let co: TestCompany;
let companyName: string;
let mailer: { stop(): Promise<void> };
let passwordResets: { stop(): Promise<void> };
let context: BrowserContext;
let page: Page;
let consoleErrors: string[];
let requests: string[];

beforeAll(async () => {
  [api, browser] = await Promise.all([TestApi.start(), launchChromium()]);
  co = await createTestCompany(api, "Links");
  companyName = (await api.request("GET", "/v1/company", { token: co.staff })).body.name;
  mailer = await startMailerFor(co.companyId);
  passwordResets = await startPasswordResetsFor([co.companyId]);
});

afterAll(async () => {
  await mailer?.stop();
  await passwordResets?.stop();
  await browser?.close();
  await api?.close();
});

async function openContext(viewport: Viewport = "desktop"): Promise<void> {
  context = await browser.newContext({ viewport: VIEWPORTS[viewport], acceptDownloads: true });
  page = await context.newPage();
  consoleErrors = [];
  requests = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => {
    // A refused link is an answer the page handles, which Chromium still logs.
    if (message.type() === "error" && !/status of 40[0-9]/.test(message.text())) consoleErrors.push(message.text());
  });
}

afterEach(async () => {
  await context?.close();
});

/** Nothing went to another origin, nothing in localStorage, no script error. */
async function expectSelfContained(): Promise<void> {
  const origin = new URL(api.baseUrl).origin;
  expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  expect(await page.evaluate("localStorage.length")).toBe(0);
  expect(consoleErrors).toEqual([]);
}

const unique = () => randomBytes(4).toString("hex");

async function newClient(overrides: Record<string, unknown> = {}) {
  const body = clientBody(overrides);
  const res = await api.request("POST", "/v1/clients", { token: co.staff, body });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, username: res.body.username as string, email: body.email as string };
}

/** The emailed link, opened on the test's server (emails name the configured sign-in URL's host). */
async function linkFromEmail(address: string, pagePath: string): Promise<string> {
  const link = new URL(await emailedLink(address, pagePath));
  return `${api.baseUrl}${link.pathname}${link.search}`;
}

/** The control labelled exactly `label`; a required field's label ends in a " *" marker. */
const byLabel = (label: string, scope: Page | Locator = page) =>
  scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\*)?$`));

async function errorOf(label: string): Promise<string> {
  const box = page.locator(`#${await byLabel(label).getAttribute("id")}-error`);
  return (await box.isHidden()) ? "" : ((await box.textContent()) ?? "");
}

const focusedId = () => page.evaluate("document.activeElement && document.activeElement.id");
const sessionItem = (key: string) => page.evaluate(`sessionStorage.getItem(${JSON.stringify(key)})`);

async function signInThroughThePage(username: string, password: string): Promise<void> {
  await byLabel("Username").fill(username);
  await byLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/account\?company=/);
  await page.getByRole("heading", { name: `Your account with ${companyName}` }).waitFor();
}

describe("the pages emailed links open", () => {
  it("are served with the strict Content-Security-Policy and no referrer", async () => {
    await openContext();
    for (const path of ["/forgot-password", "/reset-password", "/verify-email", "/staff/accept-invitation"]) {
      const response = await page.request.get(`${api.baseUrl}${path}?company=${co.companyId}&token=x&utm_source=mail`);
      expect(response.status()).toBe(200);
      const headers = response.headers();
      expect(headers["content-security-policy"]).toContain("default-src 'none'");
      expect(headers["content-security-policy"]).not.toContain("unsafe-inline");
      expect(headers["referrer-policy"]).toBe("no-referrer");
      expect(await response.text()).toMatch(/<title>[^<]+<\/title>/);
    }
    const asset = await page.request.get(`${api.baseUrl}/staff/accept-invitation/accept-invitation.js`);
    expect(asset.headers()["content-type"]).toBe("text/javascript; charset=utf-8");
    expect((await page.request.get(`${api.baseUrl}/staff/accept-invitation/signin.js`)).status()).toBe(404);
  });

  it.each(Object.keys(VIEWPORTS) as Viewport[])(
    "take a client from forgot-password through the emailed link to a new password and sign-in (%s)",
    async (viewport) => {
      await openContext(viewport);
      const client = await newClient();
      const password = `Reset-Passw0rd-${unique()}`;

      await page.goto(`${api.baseUrl}/signin?company=${co.companyId}`);
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await page.waitForURL(`${api.baseUrl}/forgot-password?company=${co.companyId}`);
      await page.getByRole("heading", { name: `Forgot your ${companyName} password?` }).waitFor();
      await expect(page.title()).resolves.toBe(`Forgot your password? – ${companyName}`);
      await screenshot(page, `forgot-password-${viewport}`);
      await page.getByRole("button", { name: "Email me a link" }).click();
      expect(await errorOf("Username")).toBe("Username is required.");
      await byLabel("Username").fill(client.username);
      await page.getByRole("button", { name: "Email me a link" }).click();
      await page.getByRole("heading", { name: "Check your email" }).waitFor();
      expect(await page.locator("#sent-message").textContent()).toMatch(/^If an active account has this username/);
      expect(await focusedId()).toBe("sent");
      await screenshot(page, `forgot-password-sent-${viewport}`);

      const link = await linkFromEmail(client.email, "reset-password");
      const token = new URL(link).searchParams.get("token")!;
      await page.goto(link);
      await page.getByRole("heading", { name: `Choose a new password for ${companyName}` }).waitFor();
      // The token left the address (history, Referer) at once, and stays in this tab only.
      expect(page.url()).toBe(`${api.baseUrl}/reset-password?company=${co.companyId}`);
      expect(await sessionItem("clientele.link-token.reset-password")).toBe(token);
      await byLabel("New password").fill("short");
      expect(await errorOf("New password")).toContain("at least 12 characters");
      await byLabel("New password").fill(password);
      await byLabel("Repeat the new password").fill(`${password}x`);
      await page.getByRole("button", { name: "Set the new password" }).click();
      expect(await errorOf("Repeat the new password")).toBe("This does not match the new password.");
      expect(await focusedId()).toBe("repeatPassword");
      await screenshot(page, `reset-password-${viewport}`);
      await byLabel("Repeat the new password").fill(password);
      await page.getByRole("button", { name: "Set the new password" }).click();

      await page.waitForURL(/\/signin\?company=/);
      await page.getByText("Your password is changed. Sign in with your new password.").waitFor();
      expect(await sessionItem("clientele.link-token.reset-password")).toBeNull();
      await signInThroughThePage(client.username, password);

      // The link worked once.
      await page.goto(link);
      await page.getByRole("button", { name: "Set the new password" }).waitFor();
      await byLabel("New password").fill(`${password}2`);
      await byLabel("Repeat the new password").fill(`${password}2`);
      await page.getByRole("button", { name: "Set the new password" }).click();
      await page.getByRole("alert").getByText("This link does not work").waitFor();
      expect(await page.getByRole("link", { name: "Ask for a new link" }).getAttribute("href")).toBe(
        `/forgot-password?company=${co.companyId}`,
      );
      await screenshot(page, `reset-password-used-link-${viewport}`);
      expect(await api.login("clients", client.username, password)).toEqual(expect.any(String));
      await expectSelfContained();
    },
  );

  it("asks for a reset link and sets the password with the keyboard alone, the focus always visible", async () => {
    await openContext();
    const client = await newClient();
    await page.goto(`${api.baseUrl}/forgot-password?company=${co.companyId}`);
    await page.getByRole("heading", { name: `Forgot your ${companyName} password?` }).waitFor();
    await page.keyboard.press("Tab");
    expect(await focusedId()).toBe("username");
    await page.keyboard.type(client.username);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Check your email" }).waitFor();

    await page.goto(await linkFromEmail(client.email, "reset-password"));
    await page.getByRole("button", { name: "Set the new password" }).waitFor();
    const password = `Keyed-Passw0rd-${unique()}`;
    await page.keyboard.press("Tab");
    expect(await focusedId()).toBe("newPassword");
    expect(await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")).toBe("solid");
    await page.keyboard.type(password);
    await page.keyboard.press("Tab");
    expect(await focusedId()).toBe("repeatPassword");
    await page.keyboard.type(password);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/signin\?company=/);
    expect(await api.login("clients", client.username, password)).toEqual(expect.any(String));
  });

  it("verifies the email address from the registration email's link", async () => {
    await openContext("mobile");
    const client = await newClient({ sendRegistrationEmail: true });
    const link = await linkFromEmail(client.email, "verify-email");
    await page.goto(link);
    await page.getByRole("heading", { name: `Confirm your email address for ${companyName}` }).waitFor();
    await expect(page.title()).resolves.toBe(`Confirm your email address – ${companyName}`);
    expect(page.url()).not.toContain("token=");
    // Opening the link confirms nothing: the person does.
    expect((await api.request("GET", `/v1/clients/${client.id}`, { token: co.staff })).body.emailVerified).toBe(false);
    await screenshot(page, "verify-email-mobile");
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await page.getByRole("heading", { name: "Email address confirmed" }).waitFor();
    expect(await focusedId()).toBe("done");
    await screenshot(page, "verify-email-done-mobile");
    const verified = (await api.request("GET", `/v1/clients/${client.id}`, { token: co.staff })).body;
    expect(verified).toMatchObject({ emailVerified: true, emailVerifiedAt: expect.any(String) });

    await page.goto(link);
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await page.getByRole("alert").getByText("This link does not work").waitFor();
    await expectSelfContained();
  });

  it("resends the verification email from the account page, and downloads the client's data", async () => {
    await openContext();
    const client = await newClient({ city: "Leeds" });
    await page.goto(`${api.baseUrl}/signin?company=${co.companyId}`);
    await signInThroughThePage(client.username, TEST_PASSWORD);
    const verification = page.getByRole("region", { name: "Confirm your email address" });
    await verification.waitFor();
    expect(await page.locator("#unconfirmed-email").textContent()).toBe(client.email);
    await page.getByRole("button", { name: "Resend the verification email" }).click();
    await page.getByText(`We have sent a new link to ${client.email}.`).waitFor();
    await screenshot(page, "account-verification-sent");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download my data" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${client.username.replace(/[^\w.@-]+/g, "_")}-data.json`);
    const exported = JSON.parse(await readFile((await download.path())!, "utf8"));
    expect(JSON.stringify(exported)).toContain("Leeds");
    expect(JSON.stringify(exported)).toContain(client.id);

    await page.goto(await linkFromEmail(client.email, "verify-email"));
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await page.getByRole("heading", { name: "Email address confirmed" }).waitFor();
    await page.goto(`${api.baseUrl}/account?company=${co.companyId}`);
    await page.getByRole("heading", { name: `Your account with ${companyName}` }).waitFor();
    await page.getByRole("button", { name: "Download my data" }).waitFor();
    expect(await verification.isHidden()).toBe(true);
    await expectSelfContained();
  });

  it.each(Object.keys(VIEWPORTS) as Viewport[])(
    "let an invited staff member set their first password, then sign in through the API with MFA (%s)",
    async (viewport) => {
      await openContext(viewport);
      const email = `invitee-${unique()}@test.localhost`;
      const invited = await api.request("POST", "/v1/staff", {
        token: co.admin,
        body: { email, name: "Grace Hopper", role: "staff" },
      });
      expect(invited.status).toBe(201);
      const link = await linkFromEmail(email, "staff/accept-invitation");
      expect((await emailsTo(email))[0]!.body.text).toContain(invited.body.username);

      await page.goto(link);
      await page.getByRole("heading", { name: `Join the ${companyName} team` }).waitFor();
      await expect(page.title()).resolves.toBe(`Accept your invitation – ${companyName}`);
      expect(page.url()).toBe(`${api.baseUrl}/staff/accept-invitation?company=${co.companyId}`);
      await byLabel("New password").fill("alllowercase-and-long");
      await byLabel("Repeat the new password").fill("alllowercase-and-long");
      await page.getByRole("button", { name: "Set my password" }).click();
      expect(await errorOf("New password")).toBe("The password needs an upper-case letter, a digit.");
      expect(await focusedId()).toBe("newPassword");
      await screenshot(page, `accept-invitation-${viewport}`);

      const password = `Staff-Passw0rd-${unique()}`;
      await byLabel("New password").fill(password);
      await byLabel("Repeat the new password").fill(password);
      await page.getByRole("button", { name: "Set my password" }).click();
      await page.getByRole("heading", { name: "Your account is ready" }).waitFor();
      expect(await focusedId()).toBe("done");
      expect(await sessionItem("clientele.link-token.accept-invitation")).toBeNull();
      await screenshot(page, `accept-invitation-done-${viewport}`);
      await expectSelfContained();

      // Staff sign in through the API: enrol TOTP, then sign in with a code computed from the secret.
      const username = invited.body.username as string;
      const token = await api.login("staff", username, password);
      const enrolment = await api.request("POST", "/v1/staff/me/mfa", { token });
      expect(enrolment.status).toBe(200);
      const totp = new TOTP({
        algorithm: "SHA1",
        digits: 6,
        period: 30,
        secret: Secret.fromBase32(enrolment.body.secret),
      });
      const on = await api.request("POST", "/v1/staff/me/mfa/verify", { token, body: { code: totp.generate() } });
      expect(on.status).toBe(204);
      const challenge = await api.request("POST", "/v1/auth/staff/login", { body: { username, password } });
      expect(challenge.body).toEqual({ challenge: "totp", session: expect.any(String) });
      // A code is good once: the next time step's (within the accepted drift) signs in.
      const code = totp.generate({ timestamp: Date.now() + 30_000 });
      const tokens = await api.request("POST", "/v1/auth/staff/mfa", {
        body: { session: challenge.body.session, code },
      });
      expect(tokens.status).toBe(200);
      const me = await api.request("GET", "/v1/staff/me", { token: tokens.body.idToken });
      expect(me.body).toMatchObject({ id: invited.body.id, status: "active", mfaEnabled: true });
    },
  );

  it("refuses an invitation link used before, and says whom to ask", async () => {
    await openContext();
    const email = `invitee-${unique()}@test.localhost`;
    const invited = await api.request("POST", "/v1/staff", {
      token: co.admin,
      body: { email, name: "Ada Twice", role: "staff" },
    });
    const link = await linkFromEmail(email, "staff/accept-invitation");
    const token = new URL(link).searchParams.get("token")!;
    const first = await api.request("POST", "/v1/auth/staff/reset-password", {
      body: { token, newPassword: `Staff-Passw0rd-${unique()}` },
    });
    expect(first.status).toBe(204);
    await page.goto(link);
    await byLabel("New password").fill(`Staff-Passw0rd-${unique()}`);
    await byLabel("Repeat the new password").fill(await byLabel("New password").inputValue());
    await page.getByRole("button", { name: "Set my password" }).click();
    await page.getByRole("alert").getByText("Ask an admin of your company to send the invitation again.").waitFor();
    expect(await page.locator("#password-form").isHidden()).toBe(true);
    expect((await api.request("GET", `/v1/staff/${invited.body.id}`, { token: co.admin })).body.status).toBe("active");
  });

  it.each(Object.keys(VIEWPORTS) as Viewport[])("pass axe's accessibility rules (%s)", async (viewport) => {
    const madeUpToken = randomBytes(32).toString("base64url");
    const at = (path: string, token = true) =>
      `${api.baseUrl}${path}?company=${co.companyId}${token ? `&token=${madeUpToken}` : ""}`;
    const forgot = async (p: Page) => {
      await p.goto(at("/forgot-password", false));
      await p.getByRole("heading", { name: `Forgot your ${companyName} password?` }).waitFor();
      await p.getByRole("button", { name: "Email me a link" }).click();
      await p.getByText("Username is required.").waitFor();
    };
    const reset = async (p: Page) => {
      await p.goto(at("/reset-password"));
      await p.getByRole("heading", { name: `Choose a new password for ${companyName}` }).waitFor();
      await byLabel("New password", p).fill("short");
      await p.getByText("The password needs at least 12 characters").waitFor();
    };
    const resetRefused = async (p: Page) => {
      await p.goto(at("/reset-password"));
      await byLabel("New password", p).fill("Made-Up-Passw0rd-1");
      await byLabel("Repeat the new password", p).fill("Made-Up-Passw0rd-1");
      await p.getByRole("button", { name: "Set the new password" }).click();
      await p.getByRole("link", { name: "Ask for a new link" }).waitFor();
    };
    const verify = async (p: Page) => {
      await p.goto(at("/verify-email"));
      await p.getByRole("heading", { name: `Confirm your email address for ${companyName}` }).waitFor();
    };
    const invitation = async (p: Page) => {
      await p.goto(at("/staff/accept-invitation"));
      await p.getByRole("heading", { name: `Join the ${companyName} team` }).waitFor();
      await p.getByRole("button", { name: "Set my password" }).click();
      await p.getByText("The password needs at least 12 characters").waitFor();
    };
    const client = await newClient();
    const login = await api.request("POST", "/v1/auth/clients/login", {
      body: { username: client.username, password: TEST_PASSWORD },
    });
    const account = async (p: Page) => {
      const tokens = JSON.stringify({ accessToken: login.body.accessToken, refreshToken: login.body.refreshToken });
      await p.addInitScript(`sessionStorage.setItem("clientele.client-tokens", ${JSON.stringify(tokens)})`);
      await p.goto(at("/account", false));
      await p.getByRole("button", { name: "Resend the verification email" }).waitFor();
    };
    for (const open of [forgot, reset, resetRefused, verify, invitation, account]) {
      expect([open.name, await axeViolations(browser, viewport, open)]).toEqual([open.name, []]);
    }
    if (viewport === "mobile") {
      await openContext(viewport);
      await account(page);
      await screenshot(page, "account-with-verification-mobile");
    }
  });
});
