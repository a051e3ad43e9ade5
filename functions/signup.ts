import * as pages from "../lib/api/routes/client-pages";
import * as routes from "../lib/api/routes/signup";
import { createFingerprint } from "../lib/clients/create-client";
import { createApiHandler } from "../lib/http/api-handler";
import { runIdempotently } from "../lib/http/idempotency";
import { problems } from "../lib/http/problem";
import { created, ok } from "../lib/http/response";
import { bind } from "../lib/http/route";
import { ACCEPT_INVITATION_PAGE_HTML } from "../lib/pages/accept-invitation";
import { ACCOUNT_PAGE_HTML } from "../lib/pages/account";
import type { PageName } from "../lib/pages/build";
import { FORGOT_PASSWORD_PAGE_HTML } from "../lib/pages/forgot-password";
import { RESET_PASSWORD_PAGE_HTML } from "../lib/pages/reset-password";
import { htmlPage, pageAsset } from "../lib/pages/serve";
import { SIGNIN_PAGE_HTML } from "../lib/pages/signin";
import { SIGNUP_PAGE_HTML } from "../lib/pages/signup";
import { VERIFY_EMAIL_PAGE_HTML } from "../lib/pages/verify-email";
import { enforceSignupLimits } from "../lib/signup/rate-limiter";
import { openSignupContext, signupConfig, signupContext } from "../lib/signup/signup-context";
import { signUp } from "../lib/signup/signup-service";

const page = (html: string) => async () => ({ status: 200, ...htmlPage(html) });

const pageFile =
  (name: PageName) =>
  async ({ params }: { params: { asset: string } }) => {
    const asset = await pageAsset(name, params.asset);
    if (!asset) throw problems.notFound();
    return { status: 200, ...asset };
  };

export const handler = createApiHandler(
  [
    bind(routes.getSignupConfig, async ({ query }) => ok(signupConfig(await signupContext(query.company)))),

    bind(
      routes.signUp,
      async ({ query, body, reservedId }) =>
        created(await signUp({ context: await openSignupContext(query.company), clientId: reservedId, body })),
      {
        // Before the key is looked up: the company (404, or 422 while closed) and the limits, which count replays too.
        companyOf: async ({ query, body, sourceIp }) => {
          const context = await openSignupContext(query.company);
          await enforceSignupLimits({ sourceIp, email: body.email, username: body.username });
          return context.company.id;
        },
        fingerprint: ({ body }, companyId) => createFingerprint(companyId, body),
      },
    ),

    bind(routes.signupForm, page(SIGNUP_PAGE_HTML)),
    bind(routes.signupFormAsset, pageFile("signup")),
    bind(pages.signInPage, page(SIGNIN_PAGE_HTML)),
    bind(pages.signInPageAsset, pageFile("signin")),
    bind(pages.accountPage, page(ACCOUNT_PAGE_HTML)),
    bind(pages.accountPageAsset, pageFile("account")),
    bind(pages.forgotPasswordPage, page(FORGOT_PASSWORD_PAGE_HTML)),
    bind(pages.forgotPasswordPageAsset, pageFile("forgot-password")),
    bind(pages.resetPasswordPage, page(RESET_PASSWORD_PAGE_HTML)),
    bind(pages.resetPasswordPageAsset, pageFile("reset-password")),
    bind(pages.verifyEmailPage, page(VERIFY_EMAIL_PAGE_HTML)),
    bind(pages.verifyEmailPageAsset, pageFile("verify-email")),
    bind(pages.acceptInvitationPage, page(ACCEPT_INVITATION_PAGE_HTML)),
    bind(pages.acceptInvitationPageAsset, pageFile("accept-invitation")),
  ],
  { runIdempotently },
);
