import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";

/** The two screens every hosted page is tried on: a desktop and a 390 px wide phone. */
export const VIEWPORTS = { desktop: { width: 1280, height: 900 }, mobile: { width: 390, height: 844 } } as const;
export type Viewport = keyof typeof VIEWPORTS;

/** axe's serious and critical findings on the page `open` leaves. */
export async function axeViolations(
  browser: Browser,
  viewport: Viewport,
  open: (p: Page) => Promise<void>,
): Promise<string[]> {
  // axe is injected as a script, which the pages' policy rightly forbids: a context that bypasses CSP runs it.
  const axeContext = await browser.newContext({ bypassCSP: true, viewport: VIEWPORTS[viewport] });
  try {
    const axePage = await axeContext.newPage();
    await open(axePage);
    const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    await axePage.addScriptTag({ content: axeSource });
    return (await axePage.evaluate(
      'axe.run(document).then((r) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id + " (" + v.nodes.length + ")"))',
    )) as string[];
  } finally {
    await axeContext.close();
  }
}
