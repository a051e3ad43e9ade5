import * as z from "zod";
import { defineRoute } from "../../http/route";
import { companyQuery, errorResponses } from "../common";

/** The client's hosted pages, served by the function that serves the signup form: all static, all public. */
const pageRoute = { lambda: "signup", tag: "Public", access: "public", method: "GET" } as const;

const html = { 200: { description: "HTML page", contentType: "text/html" } } as const;
/** Pages people open from links (emails, bookmarks) that may carry tracking parameters: what they do not use is ignored. */
const pageQuery = z.looseObject(companyQuery.shape);
const assetParams = z.object({ asset: z.string() });
const assetResponses = { 200: { description: "Static file" }, ...errorResponses(404) } as const;

export const signInPage = defineRoute({
  ...pageRoute,
  operationId: "getSignInPage",
  description:
    "An HTML page served from the API's own origin under a strict Content-Security-Policy (no inline script, nothing external): the client signs in with username and password; tokens are kept in sessionStorage, never localStorage.",
  path: "/signin",
  query: pageQuery,
  summary: "The hosted client sign-in page; `?company=` names the company shown, as for the signup form",
  responses: html,
});

export const signInPageAsset = defineRoute({
  ...pageRoute,
  operationId: "getSignInPageAsset",
  description: "`signin.js` or `signin.css`, bundled from the TypeScript in `web/`; any other name answers 404.",
  path: "/signin/{asset}",
  summary: "The script and style sheet of the sign-in page",
  params: assetParams,
  responses: assetResponses,
});

export const accountPage = defineRoute({
  ...pageRoute,
  operationId: "getAccountPage",
  description:
    "An HTML page under the same strict Content-Security-Policy: the signed-in client sees and edits what `PATCH /v1/me` allows, changes the password and signs out.",
  path: "/account",
  query: pageQuery,
  summary: "The signed-in client's hosted account page: edit what PATCH /v1/me allows, change the password, sign out",
  responses: html,
});

export const accountPageAsset = defineRoute({
  ...pageRoute,
  operationId: "getAccountPageAsset",
  description: "`account.js` or `account.css`, bundled from the TypeScript in `web/`; any other name answers 404.",
  path: "/account/{asset}",
  summary: "The script and style sheet of the account page",
  params: assetParams,
  responses: assetResponses,
});
