import type { OwnAccountForm } from "../../lib/clients/own-account-form";
import type { Client } from "../../lib/domain/client";
import type { Place } from "../../lib/geo/countries";
import { ACCEPT_INVITATION_PAGE_HTML } from "../../lib/pages/accept-invitation";
import { ACCOUNT_PAGE_HTML } from "../../lib/pages/account";
import { buildPages, PAGES, type PageName, pagePath, pagesBuiltOnDemand } from "../../lib/pages/build";
import { FORGOT_PASSWORD_PAGE_HTML } from "../../lib/pages/forgot-password";
import { RESET_PASSWORD_PAGE_HTML } from "../../lib/pages/reset-password";
import { pageAsset, servePageFilesFrom } from "../../lib/pages/serve";
import { SIGNIN_PAGE_HTML } from "../../lib/pages/signin";
import { SIGNUP_PAGE_HTML } from "../../lib/pages/signup";
import { VERIFY_EMAIL_PAGE_HTML } from "../../lib/pages/verify-email";
import type { SignupConfig, SignupResult } from "../../lib/signup/signup-schema";
import type * as AccountPage from "../../web/account/api-types";
import type * as Places from "../../web/shared/places";
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
    expect(files.get("account.js")).toContain("Use digits, spaces, + ( ) - . and an extension such as ext. 12.");
  });

  it("keep the client's tokens in sessionStorage, never in localStorage", () => {
    for (const name of PAGES) expect(files.get(`${name}.js`)).not.toContain("localStorage");
    for (const name of ["signin", "account", "reset-password", "verify-email", "accept-invitation"]) {
      expect(files.get(`${name}.js`)).toContain("sessionStorage");
    }
  });

  it("take an emailed link's token out of the address before anything else", () => {
    for (const name of ["reset-password", "verify-email", "accept-invitation"]) {
      expect(files.get(`${name}.js`)).toContain("replaceState");
    }
  });

  it("call only the API of their own origin", () => {
    for (const name of PAGES) expect(files.get(`${name}.js`)).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });
});

const PAGE_HTML: Record<PageName, string> = {
  signup: SIGNUP_PAGE_HTML,
  signin: SIGNIN_PAGE_HTML,
  account: ACCOUNT_PAGE_HTML,
  "forgot-password": FORGOT_PASSWORD_PAGE_HTML,
  "reset-password": RESET_PASSWORD_PAGE_HTML,
  "verify-email": VERIFY_EMAIL_PAGE_HTML,
  "accept-invitation": ACCEPT_INVITATION_PAGE_HTML,
};
/** Pages whose only control is a button. */
const WITHOUT_FIELDS: readonly PageName[] = ["verify-email"];
const PASSWORD_PAGES = [SIGNIN_PAGE_HTML, ACCOUNT_PAGE_HTML, RESET_PASSWORD_PAGE_HTML, ACCEPT_INVITATION_PAGE_HTML];

describe("the hosted pages' HTML", () => {
  it.each(PAGES)("of %s has a title, its own files and no inline script or style", (name) => {
    const html = PAGE_HTML[name];
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    expect(html).toContain(`<script src="${pagePath(name)}/${name}.js" defer></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="${pagePath(name)}/${name}.css">`);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<style|style=|\son[a-z]+=/i);
  });

  it.each(PAGES)("of %s labels every input and select it holds", (name) => {
    const html = PAGE_HTML[name];
    const ids = [...html.matchAll(/<(?:input|select|textarea)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]!);
    if (WITHOUT_FIELDS.includes(name)) expect(ids).toEqual([]);
    else expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(html).toContain(`<label for="${id}">`);
  });

  it("hides the password forms until their script runs, and never sends them by GET", () => {
    for (const html of PASSWORD_PAGES) {
      for (const form of html.match(/<form[^>]*>/g)!) expect(form).toContain('method="post"');
    }
    expect(SIGNIN_PAGE_HTML).toMatch(/<form id="signin-form"[^>]* hidden>/);
    expect(RESET_PASSWORD_PAGE_HTML).toMatch(/<form id="password-form"[^>]* hidden>/);
    expect(ACCEPT_INVITATION_PAGE_HTML).toMatch(/<form id="password-form"[^>]* hidden>/);
    expect(ACCOUNT_PAGE_HTML).toMatch(/<section id="password"[^>]* hidden>/);
  });
});

describe("serving a page's files", () => {
  beforeAll(() => {
    servePageFilesFrom(pagesBuiltOnDemand());
  });

  it.each(PAGES)("serves the script and style sheet of %s", async (name) => {
    expect((await pageAsset(name, `${name}.js`))?.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect((await pageAsset(name, `${name}.css`))?.headers["content-type"]).toBe("text/css; charset=utf-8");
  });

  it("serves no page's file under another page's name", async () => {
    await expect(pageAsset("signin", "account.js")).resolves.toBeNull();
    await expect(pageAsset("account", "signup.css")).resolves.toBeNull();
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
  Fits<Places.Place, Place>,
  Fits<SignupPage.SignupResult, SignupResult>,
];
type _AccountApiFitsThePage = [Fits<AccountPage.OwnAccount, Client>, Fits<AccountPage.AccountForm, OwnAccountForm>];
