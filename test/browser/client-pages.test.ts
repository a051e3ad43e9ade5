import { jest } from "@jest/globals";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { launchChromium, screenshot } from "./chromium";
import { axeViolations, VIEWPORTS, type Viewport } from "./page-checks";

jest.setTimeout(90_000);

const NEW_PASSWORD = "Changed-Passw0rd-456";

let api: TestApi;
let browser: Browser;
let co: TestCompany;
let companyName: string;
let groupId: string;
let referenceId: string;
let managerId: string;
let context: BrowserContext;
let page: Page;
let consoleErrors: string[];

interface TestClient {
  id: string;
  username: string;
}

beforeAll(async () => {
  [api, browser] = await Promise.all([TestApi.start(), launchChromium()]);
  co = await createTestCompany(api, "Pages");
  await api.request("PATCH", "/v1/company", { token: co.admin, body: { languages: ["en", "fr"] } });
  const company = (await api.request("GET", "/v1/company", { token: co.staff })).body;
  companyName = company.name;
  groupId = company.signupGroupId;
  const field = async (body: Record<string, unknown>) =>
    (await api.request("POST", `/v1/client-groups/${groupId}/custom-fields`, { token: co.admin, body })).body.id;
  referenceId = await field({
    name: "Customer reference",
    type: "text",
    regex: "[A-Z]{2}-\\d{3}",
    visibleToClient: true,
    editableByClient: true,
  });
  managerId = await field({ name: "Account manager", type: "text", visibleToClient: true, default: "Joan Clarke" });
  await field({ name: "Internal risk score", type: "text", default: "high" });
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function openContext(viewport: Viewport = "desktop"): Promise<void> {
  context = await browser.newContext({ viewport: VIEWPORTS[viewport] });
  page = await context.newPage();
  consoleErrors = [];
  page.on("console", (message) => {
    // A refused sign-in or an ended session is an answer the page handles, which Chromium still logs.
    if (message.type() === "error" && !/status of 40[1-9]/.test(message.text())) consoleErrors.push(message.text());
  });
}

afterEach(async () => {
  await context?.close();
});

async function newClient(overrides: Record<string, unknown> = {}): Promise<TestClient> {
  const res = await api.request("POST", "/v1/clients", {
    token: co.staff,
    body: clientBody({ groupId, city: "London", customFields: { [referenceId]: "AL-001" }, ...overrides }),
  });
  expect(res.status).toBe(201);
  return { id: res.body.id, username: res.body.username };
}

const staffRead = async (clientId: string) =>
  (await api.request("GET", `/v1/clients/${clientId}`, { token: co.staff })).body;

/** The control labelled exactly `label`; a required field's label ends in a " *" marker. */
const byLabel = (label: string, scope: Page | Locator = page) =>
  scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\*)?$`));

/** The message shown under a control ("" when none), and whether it is marked invalid. */
async function errorOf(label: string): Promise<{ invalid: boolean; message: string }> {
  const control = byLabel(label);
  const box = page.locator(`#${await control.getAttribute("id")}-error`);
  return {
    invalid: (await control.getAttribute("aria-invalid")) === "true",
    message: (await box.isHidden()) ? "" : ((await box.textContent()) ?? ""),
  };
}

const signInUrl = () => `${api.baseUrl}/signin?company=${co.companyId}`;
const storedTokens = () => page.evaluate('sessionStorage.getItem("clientele.client-tokens")') as Promise<string | null>;
const localStorageSize = () => page.evaluate("localStorage.length") as Promise<number>;
const focusedId = () => page.evaluate("document.activeElement && document.activeElement.id");

async function openSignIn(): Promise<void> {
  await page.goto(signInUrl());
  await page.getByRole("heading", { name: `Sign in to ${companyName}` }).waitFor();
}

async function accountShown(): Promise<void> {
  await page.waitForURL(/\/account\?company=/);
  await page.getByRole("heading", { name: `Your account with ${companyName}` }).waitFor();
}

async function signIn(username: string, password: string): Promise<void> {
  await openSignIn();
  await byLabel("Username").fill(username);
  await byLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function saveDetails(): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/v1/me") && r.request().method() === "PATCH"),
    page.getByRole("button", { name: "Save changes" }).click(),
  ]);
  return response.status();
}

describe("the hosted sign-in and account pages", () => {
  it("are served with the strict Content-Security-Policy, a title and the company's name", async () => {
    await openContext();
    for (const path of ["/signin", "/account"]) {
      const response = await page.request.get(`${api.baseUrl}${path}`);
      expect(response.status()).toBe(200);
      const csp = response.headers()["content-security-policy"]!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).not.toMatch(/https?:/);
    }
    await openSignIn();
    await expect(page.title()).resolves.toBe(`Sign in – ${companyName}`);
    expect(await page.getByRole("link", { name: "Create one" }).getAttribute("href")).toBe(
      `/signup?company=${co.companyId}`,
    );
    expect(consoleErrors).toEqual([]);
  });

  it.each(Object.keys(VIEWPORTS) as Viewport[])(
    "take a client from sign-in through editing, a new password and sign-out (%s)",
    async (viewport) => {
      await openContext(viewport);
      const client = await newClient();
      const requests: string[] = [];
      page.on("request", (request) => requests.push(request.url()));

      await signIn(client.username, TEST_PASSWORD);
      await accountShown();
      await expect(page.title()).resolves.toBe(`Your account – ${companyName}`);
      expect(await page.locator("#username-shown").textContent()).toBe(client.username);
      expect(await byLabel("City").inputValue()).toBe("London");
      expect(await byLabel("Customer reference").inputValue()).toBe("AL-001");
      // Visible but not editable by clients: shown, not offered; a field hidden from clients: not even shown.
      expect(await page.locator("#fixed-fields").textContent()).toContain("Joan Clarke");
      expect(await page.getByText("Internal risk score").count()).toBe(0);
      expect(await byLabel("Country").inputValue()).toBe("GB");
      expect(await storedTokens()).toContain("accessToken");
      expect(await localStorageSize()).toBe(0);
      await screenshot(page, `account-${viewport}`);

      // Edit: a field, a phone, a custom field, the language and the marketing choice.
      await byLabel("City").fill("Manchester");
      await page.getByRole("button", { name: "Add a phone number" }).click();
      await page.keyboard.type("+44 161 496 0000");
      await byLabel("Customer reference").fill("AL-002");
      await byLabel("Language").selectOption("fr");
      await page.getByLabel(/news and offers/).check();
      expect(await saveDetails()).toBe(200);
      await page.getByText("Your changes are saved.").waitFor();
      const stored = await staffRead(client.id);
      expect(stored).toMatchObject({
        city: "Manchester",
        language: "fr",
        lastName: "Lovelace",
        marketing: { optIn: true, source: "self-service" },
        phones: [{ type: "phone", location: "home", number: "+44 161 496 0000", e164: "+441614960000" }],
        customFields: { [referenceId]: "AL-002", [managerId]: "Joan Clarke" },
      });
      // The form now holds the saved state: saving again sends nothing.
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByText("Nothing to save").waitFor();
      await screenshot(page, `account-saved-${viewport}`);

      // A new password ends every session, this one too: the page goes back to sign-in.
      await byLabel("Current password").fill(TEST_PASSWORD);
      await byLabel("New password").fill(NEW_PASSWORD);
      await byLabel("Repeat the new password").fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Change password" }).click();
      await page.waitForURL(/\/signin\?company=/);
      await page.getByText("Your password is changed. Sign in with your new password.").waitFor();
      expect(await storedTokens()).toBeNull();
      await screenshot(page, `signin-after-password-change-${viewport}`);

      await byLabel("Username").fill(client.username);
      await byLabel("Password").fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await accountShown();
      expect(await byLabel("City").inputValue()).toBe("Manchester");

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL(/\/signin\?company=/);
      await page.getByText("You have signed out.").waitFor();
      expect(await storedTokens()).toBeNull();
      await page.goto(`${api.baseUrl}/account?company=${co.companyId}`);
      await page.waitForURL(/\/signin\?company=/);
      await page.getByText("Please sign in to see your account.").waitFor();

      expect(await localStorageSize()).toBe(0);
      const origin = new URL(api.baseUrl).origin;
      expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
      expect(consoleErrors).toEqual([]);
    },
  );

  it("answers a wrong password with one message next to the form, and stays on the page", async () => {
    await openContext();
    const client = await newClient();
    await signIn(client.username, "Wrong-Passw0rd-000");
    const alert = page.getByRole("alert");
    await alert.getByText("The username or password is not correct").waitFor();
    expect(await byLabel("Password").inputValue()).toBe("");
    expect(await focusedId()).toBe("password");
    expect(page.url()).toBe(signInUrl());
    expect(await storedTokens()).toBeNull();
    await screenshot(page, "signin-wrong-password");

    // An unknown username gets the very same message.
    await byLabel("Username").fill(`nobody-${client.username}`);
    await byLabel("Password").fill(TEST_PASSWORD);
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/v1/auth/clients/login")),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    await alert.getByText("The username or password is not correct").waitFor();

    // Empty fields are not sent at all.
    await byLabel("Username").fill("");
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await errorOf("Username")).toEqual({ invalid: true, message: "Username is required." });
  });

  it("signs in with the keyboard alone", async () => {
    await openContext();
    const client = await newClient();
    await openSignIn();
    await page.keyboard.press("Tab");
    expect(await focusedId()).toBe("username");
    await page.keyboard.type(client.username);
    await page.keyboard.press("Tab");
    expect(await focusedId()).toBe("password");
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press("Enter");
    await accountShown();
    // The focus is visible: an outline on the focused control.
    await byLabel("First name").focus();
    await page.keyboard.press("Tab");
    const outline = await page.evaluate("getComputedStyle(document.activeElement).outlineStyle");
    expect(outline).toBe("solid");
  });

  it("shows the server's password errors next to their fields", async () => {
    await openContext();
    const client = await newClient();
    await signIn(client.username, TEST_PASSWORD);
    await accountShown();
    await byLabel("Current password").fill("Not-The-Passw0rd-1");
    await byLabel("New password").fill(NEW_PASSWORD);
    await byLabel("Repeat the new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("This is not your current password.").waitFor();
    expect(await errorOf("Current password")).toEqual({
      invalid: true,
      message: "This is not your current password.",
    });
    expect(await focusedId()).toBe("currentPassword");

    await byLabel("Current password").fill(TEST_PASSWORD);
    await byLabel("New password").fill(TEST_PASSWORD);
    await byLabel("Repeat the new password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Choose a password other than the current one.").waitFor();
    expect((await errorOf("New password")).invalid).toBe(true);
    expect((await errorOf("Current password")).message).toBe("");

    // Checked in the browser before anything is sent.
    await byLabel("New password").fill("short");
    expect((await errorOf("New password")).message).toContain("at least 12 characters");
    await byLabel("Repeat the new password").fill("shorter");
    expect((await errorOf("Repeat the new password")).message).toBe("This does not match the new password.");
    await screenshot(page, "account-password-errors");
    expect(await api.login("clients", client.username, TEST_PASSWORD)).toEqual(expect.any(String));
  });

  it("checks fields in the browser and says when the account changed meanwhile (412)", async () => {
    await openContext();
    const client = await newClient();
    await signIn(client.username, TEST_PASSWORD);
    await accountShown();
    await byLabel("Email").fill("not-an-email");
    await byLabel("Customer reference").fill("al002");
    await page.getByRole("button", { name: "Save changes" }).click();
    expect((await errorOf("Email")).message).toContain("valid email");
    expect((await errorOf("Customer reference")).message).toContain("expected format");
    expect(await focusedId()).toBe("email");

    // Staff change the client after the page read it: the page's If-Match is stale.
    const changed = await api.request("PATCH", `/v1/clients/${client.id}`, {
      token: co.staff,
      body: { city: "Bletchley" },
    });
    expect(changed.status).toBe(200);
    await byLabel("Email").fill("ada.new@example.com");
    await byLabel("Customer reference").fill("AL-003");
    expect(await saveDetails()).toBe(412);
    await page.getByText("Your account was changed elsewhere in the meantime.").waitFor();
    expect(await byLabel("City").inputValue()).toBe("Bletchley");
    expect(await byLabel("Email").inputValue()).toBe((await staffRead(client.id)).email);

    // Made again on the current version, the change goes through.
    await byLabel("Customer reference").fill("AL-003");
    expect(await saveDetails()).toBe(200);
    expect((await staffRead(client.id)).customFields[referenceId]).toBe("AL-003");
  });

  it("refreshes an expired access token once, and goes back to sign-in when that fails", async () => {
    await openContext();
    const client = await newClient();
    await signIn(client.username, TEST_PASSWORD);
    await accountShown();
    const expire = (part: "accessToken" | "refreshToken") =>
      page.evaluate(`(() => {
        const tokens = JSON.parse(sessionStorage.getItem("clientele.client-tokens"));
        tokens["${part}"] = "not-a-valid-token";
        sessionStorage.setItem("clientele.client-tokens", JSON.stringify(tokens));
      })()`);

    await expire("accessToken");
    const refreshes: number[] = [];
    page.on("response", (r) => {
      if (r.url().endsWith("/v1/auth/refresh")) refreshes.push(r.status());
    });
    await page.reload();
    await accountShown();
    expect(refreshes).toEqual([200]);
    expect(await storedTokens()).not.toContain("not-a-valid-token");

    await expire("accessToken");
    await expire("refreshToken");
    await page.reload();
    await page.waitForURL(/\/signin\?company=/);
    await page.getByText("Your session has ended. Please sign in again.").waitFor();
    expect(refreshes).toEqual([200, 401]);
    expect(await storedTokens()).toBeNull();
  });

  it.each(Object.keys(VIEWPORTS) as Viewport[])("pass axe's accessibility rules (%s)", async (viewport) => {
    const client = await newClient({ phones: [{ type: "phone", location: "work", number: "+44 20 7946 0018" }] });
    const login = await api.request("POST", "/v1/auth/clients/login", {
      body: { username: client.username, password: TEST_PASSWORD },
    });
    const signInPage = async (p: Page) => {
      await p.goto(signInUrl());
      await p.getByRole("heading", { name: `Sign in to ${companyName}` }).waitFor();
      await p.getByRole("button", { name: "Sign in" }).click();
      await p.getByText("Username is required.").waitFor();
    };
    const accountPage = async (p: Page) => {
      const tokens = JSON.stringify({ accessToken: login.body.accessToken, refreshToken: login.body.refreshToken });
      await p.addInitScript(`sessionStorage.setItem("clientele.client-tokens", ${JSON.stringify(tokens)})`);
      await p.goto(`${api.baseUrl}/account?company=${co.companyId}`);
      await p.getByRole("heading", { name: `Your account with ${companyName}` }).waitFor();
      await byLabel("Email", p).fill("not-an-email");
      await byLabel("Email", p).blur();
      await p.getByText("Enter a valid email address").waitFor();
    };
    expect(await axeViolations(browser, viewport, signInPage)).toEqual([]);
    expect(await axeViolations(browser, viewport, accountPage)).toEqual([]);
    if (viewport === "mobile") {
      await openContext(viewport);
      await openSignIn();
      await screenshot(page, "signin-mobile");
    }
  });
});
