import * as routes from "../lib/api/routes/signup";
import { createFingerprint } from "../lib/clients/create-client";
import { newId } from "../lib/domain/ids";
import { createApiHandler } from "../lib/http/api-handler";
import { idempotent } from "../lib/http/idempotency";
import { problems } from "../lib/http/problem";
import { created, ok } from "../lib/http/response";
import { bind } from "../lib/http/route";
import { htmlPage, pageAsset } from "../lib/pages/serve";
import { SIGNUP_PAGE_HTML } from "../lib/pages/signup";
import { enforceSignupLimits } from "../lib/signup/rate-limiter";
import { openSignupContext, signupConfig, signupContext } from "../lib/signup/signup-context";
import { signUp } from "../lib/signup/signup-service";

export const handler = createApiHandler([
  bind(routes.getSignupConfig, async ({ query }) => ok(signupConfig(await signupContext(query.company)))),

  bind(routes.signUp, async ({ query, body, headers, sourceIp }) => {
    const context = await openSignupContext(query.company);
    await enforceSignupLimits({ sourceIp, email: body.email, username: body.username });
    return idempotent(
      {
        companyId: context.company.id,
        scope: "signup",
        key: headers["idempotency-key"],
        fingerprint: () => createFingerprint(context.company.id, body),
        newId: () => newId("cl"),
      },
      async (clientId) => {
        const result = await signUp({ context, clientId, body });
        // A replay answers without the generated password: it is shown once and never stored.
        const { generatedPassword: _, ...kept } = result;
        return { ...created(result), stored: { status: 201, body: kept } };
      },
    );
  }),

  bind(routes.signupForm, async () => ({ status: 200, ...htmlPage(SIGNUP_PAGE_HTML) })),

  bind(routes.signupFormAsset, async ({ params }) => {
    const asset = await pageAsset("signup", params.asset);
    if (!asset) throw problems.notFound();
    return { status: 200, ...asset };
  }),
]);
