import * as z from "zod";
import { defineRoute } from "../../http/route";
import { errorResponses } from "../common";

/** The client's hosted pages, served by the function that serves the signup form: all static, all public. */
const pageRoute = { lambda: "signup", tag: "Public", access: "public", method: "GET" } as const;

const html = { 200: { description: "HTML page", contentType: "text/html" } } as const;
const assetParams = z.object({ asset: z.string() });
const assetResponses = { 200: { description: "Static file" }, ...errorResponses(404) } as const;

export const signInPage = defineRoute({
  ...pageRoute,
  operationId: "getSignInPage",
  path: "/signin",
  summary: "The hosted client sign-in page; `?company=` names the company shown, as for the signup form",
  responses: html,
});

export const signInPageAsset = defineRoute({
  ...pageRoute,
  operationId: "getSignInPageAsset",
  path: "/signin/{asset}",
  summary: "The script and style sheet of the sign-in page",
  params: assetParams,
  responses: assetResponses,
});

export const accountPage = defineRoute({
  ...pageRoute,
  operationId: "getAccountPage",
  path: "/account",
  summary: "The signed-in client's hosted account page: edit what PATCH /v1/me allows, change the password, sign out",
  responses: html,
});

export const accountPageAsset = defineRoute({
  ...pageRoute,
  operationId: "getAccountPageAsset",
  path: "/account/{asset}",
  summary: "The script and style sheet of the account page",
  params: assetParams,
  responses: assetResponses,
});
