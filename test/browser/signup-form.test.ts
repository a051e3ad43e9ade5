import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { jest } from "@jest/globals";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { TestApi } from "../helpers/api";
import { createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { emailsTo, eventually, startMailerFor } from "../helpers/mail";
import { launchChromium, screenshot } from "./chromium";

jest.setTimeout(60_000);

let api: TestApi;
let browser: Browser;
let co: TestCompany;
let referenceId: string;
let planId: string;
let termsId: string;
let context: BrowserContext;
let page: Page;
let consoleErrors: string[];

const unique = () => randomBytes(5).toString("hex");
const staffRead = (clientId: string) => api.request("GET", `/v1/clients/${clientId}`, { token: co.staff });

beforeAll(async () => {
  // One after the other: when the browser fails to start, the API is already in hand for afterAll to stop.
  api = await TestApi.start();
  browser = await launchChromium();
  co = await createTestCompany(api, "Browser");
  await api.request("PATCH", "/v1/company", {
    token: co.admin,
    body: { currencies: ["USD", "EUR"], languages: ["en", "fr"] },
  });
  const groupId = (await api.request("GET", "/v1/company", { token: co.staff })).body.signupGroupId;
  const field = async (body: Record<string, unknown>) =>
    (await api.request("POST", `/v1/client-groups/${groupId}/custom-fields`, { token: co.admin, body })).body.id;
  referenceId = await field({
    name: "Customer reference",
    type: "text",
    required: true,
    regex: "[A-Z]{2}-\\d{3}",
    visibleToClient: true,
  });
  planId = await field({ name: "Plan", type: "select", options: ["Basic", "Pro"], visibleToClient: true });
  termsId = await field({ name: "I accept the terms", type: "checkbox", required: true, visibleToClient: true });
  await field({ name: "Internal risk score", type: "text", visibleToClient: false });
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
  consoleErrors = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  // The page's clock starts 10 s in the past, so the form counts as filled at a human pace
  // without the test waiting out the 3 s minimum.
  await page.clock.install({ time: Date.now() - 10_000 });
});

afterEach(async () => {
  await context?.close();
});

async function openForm(): Promise<void> {
  await page.goto(`${api.baseUrl}/signup?company=${co.companyId}`);
  await page.getByRole("button", { name: "Create account" }).waitFor();
}

async function fillValidForm(email: string): Promise<void> {
  await byLabel("First name").fill("Grace");
  await byLabel("Last name").fill("Hopper");
  await byLabel("Company or organisation").fill("Compilers Inc");
  await byLabel("Email").fill(email);
  await byLabel("Address line 1").fill("1 Navy Yard");
  await byLabel("City").fill("London");
  await byLabel("Country").selectOption("GB");
  await byLabel("State or province").selectOption("GB-WSM");
  await byLabel("Zip or postal code").fill("SW1Y 4JH");
  await byLabel("Customer reference").fill("GH-123");
  await byLabel("I accept the terms").check();
  await byLabel("Password").fill(TEST_PASSWORD);
}

/** A signup through the API, as a person who took their time. */
const apiSignUp = (overrides: Record<string, unknown>) =>
  api.request("POST", `/v1/signup?company=${co.companyId}`, {
    body: {
      firstName: "Real",
      lastName: "Person",
      country: "GB",
      password: TEST_PASSWORD,
      customFields: { [referenceId]: "RP-001", [termsId]: true },
      ...overrides,
    },
  });

/** The control labelled exactly `label`; a required field's label ends in a " *" marker. */
const byLabel = (label: string, scope: Page | Locator = page) =>
  scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\*)?$`));

/** Submits and returns the API's answer to the form's POST. */
interface SignupAnswer {
  clientId: string;
  username: string;
  generatedPassword?: string;
  detail?: string;
}

async function submit(): Promise<{ status: number; body: SignupAnswer }> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("/v1/signup?") && r.request().method() === "POST"),
    page.getByRole("button", { name: "Create account" }).click(),
  ]);
  return { status: response.status(), body: await response.json() };
}

/** Whether a control is marked invalid, and the message shown under it ("" when none). */
async function errorAt(control: Locator): Promise<{ invalid: boolean; message: string }> {
  const box = page.locator(`#${await control.getAttribute("id")}-error`);
  return {
    invalid: (await control.getAttribute("aria-invalid")) === "true",
    message: (await box.isHidden()) ? "" : ((await box.textContent()) ?? ""),
  };
}

const errorOf = (label: string) => errorAt(byLabel(label));
const focusedId = () => page.evaluate("document.activeElement && document.activeElement.id");

describe("the hosted signup form", () => {
  it("is served with a strict Content-Security-Policy and loads without errors", async () => {
    const response = await page.goto(`${api.baseUrl}/signup?company=${co.companyId}`);
    const csp = response!.headers()["content-security-policy"]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toMatch(/https?:/);
    await page.getByRole("button", { name: "Create account" }).waitFor();
    await expect(page.title()).resolves.toBe("Create your account");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toMatch(/^Create your account with Browser /);
    expect(consoleErrors).toEqual([]);
  });

  it("fills in, submits, ends on 'check your email', and the registration email arrives", async () => {
    const mailer = await startMailerFor(co.companyId);
    try {
      await openForm();
      const email = `grace-${unique()}@example.com`;
      await fillValidForm(email);
      // Two phone rows added with the keyboard, the second removed again.
      await page.getByRole("button", { name: "Add a phone number" }).focus();
      await page.keyboard.press("Enter");
      await page.keyboard.type("+44 20 7946 0018 ext. 12");
      await byLabel("Location").first().selectOption("work");
      await page.getByRole("button", { name: "Add a phone number" }).press("Enter");
      await page.keyboard.type("+44 20 7946 0019");
      expect(await page.getByRole("group", { name: /^Phone \d$/ }).count()).toBe(2);
      await page.getByRole("button", { name: "Remove phone 2" }).press("Enter");
      expect(await page.getByRole("group", { name: /^Phone \d$/ }).count()).toBe(1);
      await byLabel("Currency").selectOption("EUR");
      await byLabel("Language").selectOption("fr");
      await byLabel("Plan").selectOption("Pro");
      await page.getByLabel(/news and offers/).check();
      await screenshot(page, "signup-form-filled");

      const answer = await submit();
      expect(answer.status).toBe(201);
      await page.getByRole("heading", { name: "Check your email" }).waitFor();
      expect(await page.locator("#success-username").textContent()).toBe(email);
      expect(await page.locator("#success-email").textContent()).toBe(email);
      expect(await page.locator("#generated-password-box").isHidden()).toBe(true);
      expect(await page.getByRole("form").count()).toBe(0);
      await screenshot(page, "signup-success");

      const client = (await staffRead(answer.body.clientId)).body;
      expect(client).toMatchObject({
        firstName: "Grace",
        company: "Compilers Inc",
        email,
        country: "GB",
        state: "GB-WSM",
        currency: "EUR",
        language: "fr",
        status: "active",
        marketing: { optIn: true, source: "signup" },
        phones: [{ type: "phone", location: "work", number: "+44 20 7946 0018 ext. 12", e164: "+442079460018" }],
        customFields: { [referenceId]: "GH-123", [planId]: "Pro", [termsId]: true },
      });
      const mail = await eventually(
        () => emailsTo(email),
        (emails) => emails.length > 0,
      );
      expect(mail).toHaveLength(1);
      expect(mail[0]!.body.text).toContain(email);
      expect(consoleErrors).toEqual([]);
    } finally {
      await mailer.stop();
    }
  });

  it("offers the states of the chosen country, and none for a country without any", async () => {
    await openForm();
    const state = byLabel("State or province");
    expect(await state.isDisabled()).toBe(true);
    const stateNames = () => state.locator("option").allTextContents();

    await byLabel("Country").selectOption("US");
    await state.locator("option", { hasText: "California" }).waitFor({ state: "attached" });
    expect(await stateNames()).not.toContain("Westminster");

    await byLabel("Country").selectOption("GB");
    await state.locator("option", { hasText: "Westminster" }).waitFor({ state: "attached" });
    expect(await stateNames()).not.toContain("California");
    expect(await state.isEnabled()).toBe(true);

    await byLabel("Country").selectOption("AQ");
    await state.locator("option", { hasText: "No states for this country" }).waitFor({ state: "attached" });
    expect(await state.isDisabled()).toBe(true);
  });

  it("checks fields as they are typed, and shows the server's errors next to their fields", async () => {
    await openForm();
    await byLabel("Email").fill("not-an-email");
    expect(await errorOf("Email")).toEqual({ invalid: true, message: expect.stringContaining("valid email") });
    await byLabel("Email").fill("fine@example.com");
    expect(await errorOf("Email")).toEqual({ invalid: false, message: "" });
    await byLabel("Password").fill("short");
    expect((await errorOf("Password")).message).toContain("at least 12 characters");
    await byLabel("Customer reference").fill("gh123");
    expect((await errorOf("Customer reference")).message).toContain("expected format");

    // Submitting with required fields left empty: nothing is sent, the first one gets the focus.
    await page.getByRole("button", { name: "Create account" }).click();
    expect((await errorOf("First name")).message).toBe("First name is required.");
    expect((await errorOf("I accept the terms")).message).toBe("I accept the terms must be ticked.");
    expect(await focusedId()).toBe("firstName");

    // A username someone already has: only the server knows, and says so next to the Username field.
    const taken = `taken-${unique()}`;
    const existing = await apiSignUp({ email: `${taken}@example.com`, username: taken });
    expect(existing.status).toBe(201);
    await fillValidForm(`someone-${unique()}@example.com`);
    await byLabel("Specify a username").check();
    await byLabel("Username").fill(taken);
    const answer = await submit();
    expect(answer.status).toBe(409);
    expect((await errorOf("Username")).message).toBe(answer.body.detail);
    expect(await focusedId()).toBe("username");
    expect(await page.getByRole("alert").textContent()).toContain("Please correct the fields marked below.");
    await screenshot(page, "signup-field-errors");
  });

  it("places every path of a 422 answer on its field, phone rows and custom fields included", async () => {
    await openForm();
    await fillValidForm(`paths-${unique()}@example.com`);
    await page.getByRole("button", { name: "Add a phone number" }).click();
    await page.keyboard.type("020 7946 0018");
    await page.getByRole("button", { name: "Add a phone number" }).click();
    await page.keyboard.type("020 7946 0019");
    await page.route("**/v1/signup?*", (route) =>
      route.fulfill({
        status: 422,
        contentType: "application/problem+json",
        body: JSON.stringify({
          type: "https://clientele.dev/problems/validation-failed",
          title: "Validation failed",
          status: 422,
          detail: "The request has invalid fields; see `errors`.",
          errors: [
            { path: "phones.1.number", message: "Server says: not a number." },
            { path: `customFields.${referenceId}`, message: "Server says: reference unknown." },
            { path: "state", message: "Server says: not in this country." },
            { path: "somethingElse", message: "Server says: something else." },
          ],
        }),
      }),
    );
    await page.getByRole("button", { name: "Create account" }).click();
    const secondNumber = byLabel("Number", page.getByRole("group", { name: "Phone 2" }));
    await page.getByText("Server says: not a number.").waitFor();
    expect(await errorAt(secondNumber)).toEqual({ invalid: true, message: "Server says: not a number." });
    expect((await errorOf("Customer reference")).message).toBe("Server says: reference unknown.");
    expect((await errorOf("State or province")).message).toBe("Server says: not in this country.");
    expect(await page.getByRole("alert").textContent()).toContain("Server says: something else.");
  });

  it("treats a filled honeypot like a success on screen, while nothing is created", async () => {
    await openForm();
    const email = `bot-${unique()}@example.com`;
    await fillValidForm(email);
    await page.locator("#website").fill("https://spam.example", { force: true });
    const answer = await submit();
    expect(answer.status).toBe(201);
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    expect((await staffRead(answer.body.clientId)).status).toBe(404);
    const person = await apiSignUp({ email });
    expect(person.status).toBe(201);
  });

  it("generates a password on request and shows it once on the success page", async () => {
    await openForm();
    const email = `generated-${unique()}@example.com`;
    await fillValidForm(email);
    await byLabel("Generate a strong password for me").check();
    expect(await byLabel("Password").isHidden()).toBe(true);
    const answer = await submit();
    expect(answer.status).toBe(201);
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    const shown = await page.locator("#generated-password").textContent();
    expect(shown).toHaveLength(20);
    expect(shown).toBe(answer.body.generatedPassword);
    await screenshot(page, "signup-success-generated-password");
    expect(await api.login("clients", email, shown!)).toEqual(expect.any(String));
    await page.reload();
    await page.getByRole("button", { name: "Create account" }).waitFor();
    expect(await page.content()).not.toContain(shown!);
  });

  it("labels every control and passes axe's accessibility rules", async () => {
    await openForm();
    await page.getByRole("button", { name: "Add a phone number" }).click();
    await byLabel("Specify a username").check();
    const unlabeled = await page.evaluate(
      'Array.from(document.querySelectorAll("input, select, textarea")).filter((c) => !c.labels || c.labels.length === 0).map((c) => c.id)',
    );
    expect(unlabeled).toEqual([]);
    // axe is injected as a script, which the page's policy rightly forbids: a context that bypasses CSP runs it.
    const axeContext = await browser.newContext({ bypassCSP: true });
    try {
      const axePage = await axeContext.newPage();
      await axePage.clock.install({ time: Date.now() - 10_000 });
      await axePage.goto(`${api.baseUrl}/signup?company=${co.companyId}`);
      await axePage.getByRole("button", { name: "Create account" }).waitFor();
      await axePage.getByRole("button", { name: "Add a phone number" }).click();
      await byLabel("Email", axePage).fill("not-an-email");
      const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
      await axePage.addScriptTag({ content: axeSource });
      const violations = await axePage.evaluate(
        'axe.run(document).then((r) => r.violations.map((v) => v.id + " (" + v.nodes.length + ")"))',
      );
      expect(violations).toEqual([]);
    } finally {
      await axeContext.close();
    }
  });
});
