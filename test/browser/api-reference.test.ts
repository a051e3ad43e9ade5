import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { jest } from "@jest/globals";
import type { Browser, Page } from "playwright-core";
import { TestApi } from "../helpers/api";
import { launchChromium, screenshot } from "./chromium";

jest.setTimeout(120_000);

let api: TestApi;
let browser: Browser;

beforeAll(async () => {
  [api, browser] = await Promise.all([TestApi.start(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The serious and critical axe violations of the page as it is now, as `rule (nodes): first target`. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate("typeof window.axe !== 'undefined'"))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(`axe.run(document).then((r) => r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => v.id + " (" + v.nodes.length + "): " + v.nodes[0].target.join(" ")))`);
}

async function openReference(page: Page): Promise<void> {
  await page.goto(`${api.baseUrl}/docs`);
  await page.locator("#operations-Clients-createClient").waitFor();
}

/** Opens an operation and switches it to "Try it out", which renders its inputs. */
async function tryOut(page: Page, operation: string): Promise<void> {
  const block = page.locator(`#operations-${operation}`);
  await block.locator(".opblock-summary-control").click();
  await block.getByRole("button", { name: "Try it out" }).click();
  await block.getByRole("button", { name: "Execute" }).waitFor();
}

describe("the API reference page", () => {
  it("renders every operation from this origin alone, under its strict CSP, without errors", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const elsewhere: string[] = [];
      const errors: string[] = [];
      page.on("request", (request) => {
        if (!request.url().startsWith(`${api.baseUrl}/`) && !request.url().startsWith("data:")) {
          elsewhere.push(request.url());
        }
      });
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await openReference(page);
      await expect(page.locator(".opblock").count()).resolves.toBeGreaterThan(40);
      await expect(page.locator("#servers").getAttribute("aria-label")).resolves.toBe("Server");
      await screenshot(page, "api-reference");
      expect(elsewhere).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("has no serious or critical axe violation, as loaded and with operations open to try", async () => {
    // axe is injected as a script, which the page's policy rightly forbids: a context that bypasses CSP runs it.
    const context = await browser.newContext({ bypassCSP: true });
    try {
      const page = await context.newPage();
      await openReference(page);
      expect(await seriousViolations(page)).toEqual([]);

      await tryOut(page, "Clients-createClient");
      await tryOut(page, "Finding_clients-browseClients");
      await tryOut(page, "Email_templates-getEmailTemplate");
      await page.locator("#operations-Clients-createClient").getByRole("tab", { name: "Schema" }).first().click();
      await screenshot(page, "api-reference-open");
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByRole("button", { name: "Authorize" }).first().click();
      await page.locator(".modal-ux").waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
