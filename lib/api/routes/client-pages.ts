import * as z from "zod";
import { onFirstUse } from "../../domain/on-first-use";
import { defineRoute } from "../../http/route";
import { companyQuery, errorResponses } from "../common";

/** The client's hosted pages, served by the function that serves the signup form: all static, all public. */
const pageRoute = { lambda: "signup", tag: "Public", access: "public", method: "GET" } as const;

const html = { 200: { description: "HTML page", contentType: "text/html" } } as const;
/** Pages people open from links (emails, bookmarks) that may carry tracking parameters: what they do not use is ignored. */
const pageQuery = onFirstUse(() => z.looseObject(companyQuery().shape));
const assetParams = onFirstUse(() => z.object({ asset: z.string() }));
const assetResponses = () => ({ 200: { description: "Static file" }, ...errorResponses(404) }) as const;

export const signInPage = defineRoute({
  ...pageRoute,
  operationId: "getSignInPage",
  description:
    "An HTML page served from the API's own origin under a strict Content-Security-Policy (no inline script, nothing external): the client signs in with username and password; tokens are kept in sessionStorage, never localStorage.",
  path: "/signin",
  get query() {
    return pageQuery();
  },
  summary: "The hosted client sign-in page; `?company=` names the company shown, as for the signup form",
  responses: html,
});

export const signInPageAsset = defineRoute({
  ...pageRoute,
  operationId: "getSignInPageAsset",
  description: "`signin.js` or `signin.css`, bundled from the TypeScript in `web/`; any other name answers 404.",
  path: "/signin/{asset}",
  summary: "The script and style sheet of the sign-in page",
  get params() {
    return assetParams();
  },
  get responses() {
    return assetResponses();
  },
});

export const accountPage = defineRoute({
  ...pageRoute,
  operationId: "getAccountPage",
  description:
    "An HTML page under the same strict Content-Security-Policy: the signed-in client sees and edits what `PATCH /v1/me` allows, changes the password and signs out.",
  path: "/account",
  get query() {
    return pageQuery();
  },
  summary: "The signed-in client's hosted account page: edit what PATCH /v1/me allows, change the password, sign out",
  responses: html,
});

export const accountPageAsset = defineRoute({
  ...pageRoute,
  operationId: "getAccountPageAsset",
  description: "`account.js` or `account.css`, bundled from the TypeScript in `web/`; any other name answers 404.",
  path: "/account/{asset}",
  summary: "The script and style sheet of the account page",
  get params() {
    return assetParams();
  },
  get responses() {
    return assetResponses();
  },
});

/** The pages emailed links open: the link's single-use token rides in `?token=`, which the page takes out of the address. */
const linkQuery = onFirstUse(() =>
  z.looseObject({
    ...companyQuery().shape,
    token: z.string().optional().meta({ description: "The emailed link's single-use token." }),
  }),
);

const assetRoute = (operationId: string, path: string, page: string, what: string) =>
  defineRoute({
    ...pageRoute,
    operationId,
    description: `\`${page}.js\` or \`${page}.css\`, bundled from the TypeScript in \`web/\`; any other name answers 404.`,
    path,
    summary: `The script and style sheet of the ${what} page`,
    get params() {
      return assetParams();
    },
    get responses() {
      return assetResponses();
    },
  });

export const forgotPasswordPage = defineRoute({
  ...pageRoute,
  operationId: "getForgotPasswordPage",
  description:
    "An HTML page under the same strict Content-Security-Policy: the client asks for a password-reset email with their username (`POST /v1/auth/clients/forgot-password`) and sees its one answer, whether or not the account exists.",
  path: "/forgot-password",
  get query() {
    return pageQuery();
  },
  summary: "The hosted page to ask for a password-reset email",
  responses: html,
});

export const forgotPasswordPageAsset = assetRoute(
  "getForgotPasswordPageAsset",
  "/forgot-password/{asset}",
  "forgot-password",
  "forgot-password",
);

export const resetPasswordPage = defineRoute({
  ...pageRoute,
  operationId: "getResetPasswordPage",
  description:
    "An HTML page under the same strict Content-Security-Policy, opened from a password-reset email: the client chooses a new password (`POST /v1/auth/clients/reset-password`) and goes on to sign in. The token leaves the address at once and stays in the tab's sessionStorage only.",
  path: "/reset-password",
  get query() {
    return linkQuery();
  },
  summary: "The hosted page a password-reset link opens",
  responses: html,
});

export const resetPasswordPageAsset = assetRoute(
  "getResetPasswordPageAsset",
  "/reset-password/{asset}",
  "reset-password",
  "reset-password",
);

export const verifyEmailPage = defineRoute({
  ...pageRoute,
  operationId: "getVerifyEmailPage",
  description:
    "An HTML page under the same strict Content-Security-Policy, opened from a registration or verification email: a button confirms the address (`POST /v1/auth/verify-email`), so a mail scanner that opens the link confirms nothing.",
  path: "/verify-email",
  get query() {
    return linkQuery();
  },
  summary: "The hosted page an email-verification link opens",
  responses: html,
});

export const verifyEmailPageAsset = assetRoute(
  "getVerifyEmailPageAsset",
  "/verify-email/{asset}",
  "verify-email",
  "email-verification",
);

export const acceptInvitationPage = defineRoute({
  ...pageRoute,
  operationId: "getAcceptInvitationPage",
  description:
    "An HTML page under the same strict Content-Security-Policy, opened from a staff invitation: the invited member sets their first password (`POST /v1/auth/staff/reset-password`, which makes them active) and is told to sign in through the API.",
  path: "/staff/accept-invitation",
  get query() {
    return linkQuery();
  },
  summary: "The hosted page a staff invitation link opens",
  responses: html,
});

export const acceptInvitationPageAsset = assetRoute(
  "getAcceptInvitationPageAsset",
  "/staff/accept-invitation/{asset}",
  "accept-invitation",
  "invitation",
);
