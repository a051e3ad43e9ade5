import * as z from "zod";
import { onFirstUse } from "../../domain/on-first-use";
import { defineRoute } from "../../http/route";
import { errorResponses } from "../common";

const tokensSchema = onFirstUse(() =>
  z
    .object({ idToken: z.string(), accessToken: z.string(), refreshToken: z.string(), expiresIn: z.number().int() })
    .meta({ id: "Tokens" }),
);

const loginBody = onFirstUse(() =>
  z.strictObject({ username: z.string().min(1).max(128), password: z.string().min(1).max(256) }).meta({ id: "Login" }),
);

const countrySchema = onFirstUse(() => z.object({ code: z.string(), name: z.string() }).meta({ id: "Country" }));

export const health = defineRoute({
  operationId: "getHealth",
  description:
    'Answers `{status: "ok"}` while the API runs. It reads no data, so it says nothing about the table or the user pools.',
  method: "GET",
  path: "/v1/health",
  access: "public",
  lambda: "public",
  tag: "Public",
  summary: "Liveness check",
  get responses() {
    return { 200: { description: "Up", schema: z.object({ status: z.literal("ok") }) } };
  },
});

const mfaChallengeSchema = onFirstUse(() =>
  z.object({ challenge: z.literal("totp"), session: z.string() }).meta({ id: "MfaChallenge" }),
);

export const staffLogin = defineRoute({
  operationId: "staffLogin",
  description:
    'Checks a staff member\'s username and password against the staff user pool and answers its ID, access and refresh tokens. Send the ID or access token as `Authorization: Bearer <token>`. Wrong credentials answer 401 without saying which part was wrong. A member with MFA on gets `{challenge: "totp", session}` instead: send the session with the code to `POST /v1/auth/staff/mfa` within 5 minutes.',
  method: "POST",
  path: "/v1/auth/staff/login",
  access: "public",
  lambda: "public",
  tag: "Sign-in",
  summary: "Sign in a staff member",
  get body() {
    return loginBody();
  },
  get responses() {
    return {
      200: { description: "Tokens, or the MFA challenge", schema: z.union([tokensSchema(), mfaChallengeSchema()]) },
      ...errorResponses(400, 401, 415, 422),
    };
  },
});

const staffMfaLoginBody = onFirstUse(() =>
  z
    .strictObject({
      session: z.string().min(1).max(256),
      code: z.string().regex(/^\d{6}$/, "Six digits from the authenticator app."),
    })
    .meta({ id: "MfaLogin" }),
);

export const staffMfaLogin = defineRoute({
  operationId: "staffMfaLogin",
  description:
    "The second step of a staff sign-in with MFA: the session from `POST /v1/auth/staff/login` and the code the authenticator app shows. A wrong code answers 401; the fifth wrong code ends the session (sign in again). Each code works once. Five wrong codes in a row, across sign-ins, lock the member's code checks for 15 minutes (429).",
  method: "POST",
  path: "/v1/auth/staff/mfa",
  access: "public",
  lambda: "public",
  tag: "Sign-in",
  summary: "Finish a staff sign-in with the TOTP code",
  get body() {
    return staffMfaLoginBody();
  },
  get responses() {
    return { 200: { description: "Tokens", schema: tokensSchema() }, ...errorResponses(400, 401, 415, 422, 429) };
  },
});

// Not spread from staffLogin: a spread would run its getters, building the schemas at load.
export const clientLogin = defineRoute({
  method: "POST",
  access: "public",
  lambda: "public",
  tag: "Sign-in",
  get body() {
    return loginBody();
  },
  operationId: "clientLogin",
  path: "/v1/auth/clients/login",
  summary: "Sign in a client; inactive and fraud clients get 401",
  description:
    "Checks a client's username (the one they chose, or their email when they chose none) and password against the client user pool and answers its tokens. A client whose status is inactive or fraud gets 401, as wrong credentials do.",
  get responses() {
    return { 200: { description: "Tokens", schema: tokensSchema() }, ...errorResponses(400, 401, 415, 422) };
  },
});

const refreshTokensBody = onFirstUse(() =>
  z
    .strictObject({ refreshToken: z.string().min(1).max(8192), audience: z.enum(["staff", "client"]) })
    .meta({ id: "Refresh" }),
);

export const refreshTokens = defineRoute({
  operationId: "refreshTokens",
  description:
    "Trades a refresh token of the named audience (`staff` or `client`) for new tokens. A bad or revoked refresh token (after a password change, or a client set inactive or fraud) answers 401: sign in again.",
  method: "POST",
  path: "/v1/auth/refresh",
  access: "public",
  lambda: "public",
  tag: "Sign-in",
  summary: "Exchange a refresh token for new tokens",
  get body() {
    return refreshTokensBody();
  },
  get responses() {
    return { 200: { description: "Tokens", schema: tokensSchema() }, ...errorResponses(400, 401, 415, 422) };
  },
});

export const listCountries = defineRoute({
  operationId: "listCountries",
  description:
    "Every ISO 3166-1 country as `{code, name}` (alpha-2 code, English name), sorted by name: the values a client's `country` accepts.",
  method: "GET",
  path: "/v1/countries",
  access: "public",
  lambda: "public",
  tag: "Public",
  summary: "ISO 3166-1 countries",
  get responses() {
    return { 200: { description: "Countries by name", schema: z.array(countrySchema()) } };
  },
});

const listStatesParams = onFirstUse(() =>
  z.object({ code: z.string().regex(/^[A-Za-z]{2}$/, "Use an ISO 3166-1 alpha-2 code.") }),
);

export const listStates = defineRoute({
  operationId: "listStates",
  description:
    "The ISO 3166-2 subdivisions of a country as `{code, name}` (e.g. `GB-WSM`), sorted by name: the values a client's `state` accepts for that country. A code that names no country answers 404.",
  method: "GET",
  path: "/v1/countries/{code}/states",
  access: "public",
  lambda: "public",
  tag: "Public",
  summary: "ISO 3166-2 subdivisions of a country",
  get params() {
    return listStatesParams();
  },
  get responses() {
    return {
      200: { description: "Subdivisions by name", schema: z.array(countrySchema()) },
      ...errorResponses(404, 422),
    };
  },
});

export const openApiDocument = defineRoute({
  operationId: "getOpenApi",
  description:
    "This OpenAPI 3.1 description of the API, generated from the same zod schemas that validate requests; `servers` names the origin it was fetched from. The typed client in the repository's `clients/typescript` is generated from it.",
  method: "GET",
  path: "/openapi.json",
  access: "public",
  lambda: "public",
  tag: "Public",
  summary: "This document",
  get responses() {
    return { 200: { description: "OpenAPI 3.1 document" } };
  },
});

const docsPageQuery = onFirstUse(() => z.looseObject({}));

export const docsPage = defineRoute({
  operationId: "getDocs",
  description:
    "An HTML page that renders this document for people. It and its assets are served from this origin: the page makes no request anywhere else.",
  method: "GET",
  path: "/docs",
  access: "public",
  lambda: "public",
  tag: "Public",
  summary: "Browsable API reference",
  // A page people open: links may carry tracking or anchor parameters, which it ignores.
  get query() {
    return docsPageQuery();
  },
  get responses() {
    return { 200: { description: "HTML page", contentType: "text/html" } };
  },
});

const docsAssetParams = onFirstUse(() => z.object({ asset: z.string() }));

export const docsAsset = defineRoute({
  operationId: "getDocsAsset",
  description: "The script and style sheet the reference page loads; any other name answers 404.",
  method: "GET",
  path: "/docs/{asset}",
  access: "public",
  lambda: "public",
  tag: "Public",
  summary: "Static files of the API reference page",
  get params() {
    return docsAssetParams();
  },
  get responses() {
    return { 200: { description: "Static file" }, ...errorResponses(404) };
  },
});
