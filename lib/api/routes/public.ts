import * as z from "zod";
import { defineRoute } from "../../http/route";
import { errorResponses } from "../common";

const tokensSchema = z
  .object({ idToken: z.string(), accessToken: z.string(), refreshToken: z.string(), expiresIn: z.number().int() })
  .meta({ id: "Tokens" });

const loginBody = z
  .strictObject({ username: z.string().min(1).max(128), password: z.string().min(1).max(256) })
  .meta({ id: "Login" });

const countrySchema = z.object({ code: z.string(), name: z.string() }).meta({ id: "Country" });

export const health = defineRoute({
  operationId: "getHealth",
  method: "GET",
  path: "/v1/health",
  access: "public",
  lambda: "public",
  tag: "Public",
  summary: "Liveness check",
  responses: { 200: { description: "Up", schema: z.object({ status: z.literal("ok") }) } },
});

export const staffLogin = defineRoute({
  operationId: "staffLogin",
  method: "POST",
  path: "/v1/auth/staff/login",
  access: "public",
  lambda: "public",
  tag: "Sign-in",
  summary: "Sign in a staff member",
  body: loginBody,
  responses: { 200: { description: "Tokens", schema: tokensSchema }, ...errorResponses(400, 401, 415, 422) },
});

export const clientLogin = defineRoute({
  ...staffLogin,
  operationId: "clientLogin",
  path: "/v1/auth/clients/login",
  summary: "Sign in a client; inactive and fraud clients get 401",
});

export const refreshTokens = defineRoute({
  operationId: "refreshTokens",
  method: "POST",
  path: "/v1/auth/refresh",
  access: "public",
  lambda: "public",
  tag: "Sign-in",
  summary: "Exchange a refresh token for new tokens",
  body: z
    .strictObject({ refreshToken: z.string().min(1).max(8192), audience: z.enum(["staff", "client"]) })
    .meta({ id: "Refresh" }),
  responses: { 200: { description: "Tokens", schema: tokensSchema }, ...errorResponses(400, 401, 415, 422) },
});

export const listCountries = defineRoute({
  operationId: "listCountries",
  method: "GET",
  path: "/v1/countries",
  access: "public",
  lambda: "public",
  tag: "Public",
  summary: "ISO 3166-1 countries",
  responses: { 200: { description: "Countries by name", schema: z.array(countrySchema) } },
});

export const listStates = defineRoute({
  operationId: "listStates",
  method: "GET",
  path: "/v1/countries/{code}/states",
  access: "public",
  lambda: "public",
  tag: "Public",
  summary: "ISO 3166-2 subdivisions of a country",
  params: z.object({ code: z.string().regex(/^[A-Za-z]{2}$/, "Use an ISO 3166-1 alpha-2 code.") }),
  responses: {
    200: { description: "Subdivisions by name", schema: z.array(countrySchema) },
    ...errorResponses(404, 422),
  },
});

export const openApiDocument = defineRoute({
  operationId: "getOpenApi",
  method: "GET",
  path: "/openapi.json",
  access: "public",
  lambda: "public",
  tag: "Public",
  summary: "This document",
  responses: { 200: { description: "OpenAPI 3.1 document" } },
});

export const docsPage = defineRoute({
  operationId: "getDocs",
  method: "GET",
  path: "/docs",
  access: "public",
  lambda: "public",
  tag: "Public",
  summary: "Browsable API reference",
  responses: { 200: { description: "HTML page", contentType: "text/html" } },
});

export const docsAsset = defineRoute({
  operationId: "getDocsAsset",
  method: "GET",
  path: "/docs/{asset}",
  access: "public",
  lambda: "public",
  tag: "Public",
  summary: "Static files of the API reference page",
  params: z.object({ asset: z.string() }),
  responses: { 200: { description: "Static file" }, ...errorResponses(404) },
});
