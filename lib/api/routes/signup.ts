import * as z from "zod";
import { newId } from "../../domain/ids";
import { onFirstUse } from "../../domain/on-first-use";
import { defineRoute } from "../../http/route";
import { signupBodySchema, signupConfigSchema, signupResultSchema } from "../../signup/signup-schema";
import { companyQuery, errorResponses } from "../common";

const signupRoute = { lambda: "signup", tag: "Public", access: "public" } as const;

export const getSignupConfig = defineRoute({
  ...signupRoute,
  operationId: "getSignupConfig",
  description:
    "What the hosted form (or another signup form) needs: the currencies and languages the company offers with their defaults, and the custom fields of the signup group that clients may see.",
  method: "GET",
  path: "/v1/signup/config",
  summary: "What the signup form offers: currencies, languages, their defaults and the client-visible custom fields",
  get query() {
    return companyQuery();
  },
  get responses() {
    return {
      200: { description: "The signup settings of the company", schema: signupConfigSchema() },
      ...errorResponses(404, 422),
    };
  },
});

export const signUp = defineRoute({
  ...signupRoute,
  operationId: "signUp",
  refusals: "SignupsRefused",
  description:
    "Creates an active client in the company's signup group and queues the registration email. Takes the client create body without `groupId`, `taxExempt` and `status`. Rate-limited per source IP and per email address (429 with `Retry-After`). A filled honeypot (`website`) or a form sent within 3 s of `formStartedAt` gets a success-shaped answer while nothing is created.",
  method: "POST",
  path: "/v1/signup",
  summary: "Create an active client in the signup group and send the registration email",
  get query() {
    return companyQuery();
  },
  get body() {
    return signupBodySchema();
  },
  idempotency: { reserveId: () => newId("cl"), notKept: ["generatedPassword"] },
  get responses() {
    return {
      201: {
        description: "Signed up; `generatedPassword` only when one was generated, and only in this response",
        schema: signupResultSchema(),
      },
      ...errorResponses(400, 404, 409, 413, 415, 422, 429),
    };
  },
});

const signupFormQuery = onFirstUse(() => z.looseObject(companyQuery().shape));

export const signupForm = defineRoute({
  ...signupRoute,
  operationId: "getSignupForm",
  description:
    "The hosted HTML signup form for the company named by `?company=` (the default company without one). It talks to this API from the same origin.",
  method: "GET",
  path: "/signup",
  summary: "The hosted signup form; `?company=` as for the API",
  // A page people open from links, which may carry tracking parameters: it ignores what it does not use.
  get query() {
    return signupFormQuery();
  },
  get responses() {
    return { 200: { description: "HTML page", contentType: "text/html" } };
  },
});

const signupFormAssetParams = onFirstUse(() => z.object({ asset: z.string() }));

export const signupFormAsset = defineRoute({
  ...signupRoute,
  operationId: "getSignupFormAsset",
  description: "The script and style sheet the signup form loads; any other name answers 404.",
  method: "GET",
  path: "/signup/{asset}",
  summary: "The script and style sheet of the signup form",
  get params() {
    return signupFormAssetParams();
  },
  get responses() {
    return { 200: { description: "Static file" }, ...errorResponses(404) };
  },
});
