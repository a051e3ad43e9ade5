import * as z from "zod";
import { newId } from "../../domain/ids";
import { defineRoute } from "../../http/route";
import { signupBodySchema, signupConfigSchema, signupResultSchema } from "../../signup/signup-schema";
import { errorResponses, idParam } from "../common";

const signupRoute = { lambda: "signup", tag: "Public", access: "public" } as const;

/** Installations with several companies name the one a signup goes to; the default is the installation's first. */
const companyQuery = z.object({
  company: idParam.optional().meta({ description: "The company; defaults to the installation's default company." }),
});

export const getSignupConfig = defineRoute({
  ...signupRoute,
  operationId: "getSignupConfig",
  method: "GET",
  path: "/v1/signup/config",
  summary: "What the signup form offers: currencies, languages, their defaults and the client-visible custom fields",
  query: companyQuery,
  responses: {
    200: { description: "The signup settings of the company", schema: signupConfigSchema },
    ...errorResponses(404, 422),
  },
});

export const signUp = defineRoute({
  ...signupRoute,
  operationId: "signUp",
  method: "POST",
  path: "/v1/signup",
  summary: "Create an active client in the signup group and send the registration email",
  query: companyQuery,
  body: signupBodySchema,
  idempotency: { reserveId: () => newId("cl"), notKept: ["generatedPassword"] },
  responses: {
    201: {
      description: "Signed up; `generatedPassword` only when one was generated, and only in this response",
      schema: signupResultSchema,
    },
    ...errorResponses(400, 404, 409, 413, 415, 422, 429),
  },
});

export const signupForm = defineRoute({
  ...signupRoute,
  operationId: "getSignupForm",
  method: "GET",
  path: "/signup",
  summary: "The hosted signup form; `?company=` as for the API",
  responses: { 200: { description: "HTML page", contentType: "text/html" } },
});

export const signupFormAsset = defineRoute({
  ...signupRoute,
  operationId: "getSignupFormAsset",
  method: "GET",
  path: "/signup/{asset}",
  summary: "The script and style sheet of the signup form",
  params: z.object({ asset: z.string() }),
  responses: { 200: { description: "Static file" }, ...errorResponses(404) },
});
