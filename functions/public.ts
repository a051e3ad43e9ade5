import * as routes from "../lib/api/routes/public";
import { servedOpenApiDocument } from "../lib/api/served-document";
import { referenceAsset, referencePage } from "../lib/docs/reference-page";
import { countries, statesOf } from "../lib/geo/countries";
import { createApiHandler } from "../lib/http/api-handler";
import { problems } from "../lib/http/problem";
import { ok } from "../lib/http/response";
import { bind } from "../lib/http/route";
import { completeStaffMfa, refreshSession, signInClient, signInStaff } from "../lib/sessions/sessions";

const badCredentials = () => problems.unauthorized("The username or password is wrong, or the account cannot sign in.");

export const handler = createApiHandler([
  bind(routes.health, async () => ok({ status: "ok" })),

  bind(routes.staffLogin, async ({ body }) => {
    const tokens = await signInStaff(body.username, body.password);
    if (!tokens) throw badCredentials();
    return ok(tokens);
  }),

  bind(routes.staffMfaLogin, async ({ body }) => {
    const tokens = await completeStaffMfa(body.session, body.code);
    if (!tokens)
      throw problems.unauthorized("The code is wrong, or the sign-in session ended. Sign in again if it did.");
    return ok(tokens);
  }),

  bind(routes.clientLogin, async ({ body }) => {
    const tokens = await signInClient(body.username, body.password);
    if (!tokens) throw badCredentials();
    return ok(tokens);
  }),

  bind(routes.refreshTokens, async ({ body }) => {
    const tokens = await refreshSession(body.audience, body.refreshToken);
    if (!tokens) throw problems.unauthorized("The refresh token is invalid or revoked. Sign in again.");
    return ok(tokens);
  }),

  bind(routes.listCountries, async () => ok(countries())),

  bind(routes.listStates, async ({ params }) => {
    const states = statesOf(params.code);
    if (!states) throw problems.notFound(`No country has the code ${params.code}.`);
    return ok(states);
  }),

  bind(routes.openApiDocument, async ({ origin }) => ok(servedOpenApiDocument(origin))),

  bind(routes.docsPage, async () => {
    const page = referencePage();
    return {
      status: 200,
      body: page.body,
      headers: { "content-type": page.contentType, "content-security-policy": page.csp },
    };
  }),

  bind(routes.docsAsset, async ({ params }) => {
    const asset = await referenceAsset(params.asset);
    if (!asset) throw problems.notFound();
    return {
      status: 200,
      body: asset.body,
      headers: { "content-type": asset.contentType, "cache-control": "public, max-age=3600" },
    };
  }),
]);
