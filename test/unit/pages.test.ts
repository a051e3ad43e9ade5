import type { Place } from "../../lib/geo/countries";
import { buildPages, PAGES, pagesBuiltOnDemand } from "../../lib/pages/build";
import { pageAsset, servePageFilesFrom } from "../../lib/pages/serve";
import type { SignupConfig, SignupResult } from "../../lib/signup/signup-schema";
import type * as SignupPage from "../../web/signup/api-types";

/**
 * A page's script stays small: the signup form's is about 11 KB minified.
 * Pulling zod (63 KB) or libphonenumber-js (121 KB) into a page breaks this.
 */
const SCRIPT_BUDGET = 20_000;
const STYLE_BUDGET = 8_000;

describe("the hosted pages' browser files", () => {
  let files: Map<string, string>;

  beforeAll(async () => {
    files = await buildPages();
  });

  it("are one script and one style sheet per page, nothing else", () => {
    expect([...files.keys()].sort()).toEqual(PAGES.flatMap((name) => [`${name}.css`, `${name}.js`]).sort());
  });

  it.each(PAGES)("of %s stay within their size budget", (name) => {
    expect(files.get(`${name}.js`)!.length).toBeLessThan(SCRIPT_BUDGET);
    expect(files.get(`${name}.css`)!.length).toBeLessThan(STYLE_BUDGET);
  });

  it("carry the rules the API checks, from lib/domain/input-rules.ts", () => {
    const script = files.get("signup.js")!;
    expect(script).toContain("Use digits, spaces, + ( ) - . and an extension such as ext. 12.");
    expect(script).toContain("A username has no spaces.");
  });
});

describe("serving a page's files", () => {
  beforeAll(() => {
    servePageFilesFrom(pagesBuiltOnDemand());
  });

  it("serves the page's script and style sheet with their types", async () => {
    const script = await pageAsset("signup", "signup.js");
    const style = await pageAsset("signup", "signup.css");
    expect(script?.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(script?.body).toContain("/v1/signup/config");
    expect(style?.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(style?.body).toContain(".phone-row");
  });

  it.each(["signup.html", "signup", "other.js", "../signup.js", "signup.js.map", "constructor", "signup.constructor"])(
    "answers nothing for %s",
    async (name) => {
      await expect(pageAsset("signup", name)).resolves.toBeNull();
    },
  );
});

// Checked by tsc, which runs over test/: the API's answers still have what the page reads.
type Fits<Page, Server extends Page> = [Page, Server];
type _SignupApiFitsThePage = [
  Fits<SignupPage.SignupConfig, SignupConfig>,
  Fits<SignupPage.Place, Place>,
  Fits<SignupPage.SignupResult, SignupResult>,
];
