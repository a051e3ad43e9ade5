import * as routes from "../lib/api/routes/recovery";
import { verifyEmail } from "../lib/clients/email-verification";
import { createApiHandler } from "../lib/http/api-handler";
import { accepted, noContent } from "../lib/http/response";
import { bind } from "../lib/http/route";
import {
  FORGOT_PASSWORD_ANSWER,
  forgotClientPassword,
  forgotStaffPassword,
  resetClientPasswordWithToken,
  resetStaffPasswordWithToken,
} from "../lib/recovery/password-recovery";

export const handler = createApiHandler([
  bind(routes.clientForgotPassword, async ({ body, sourceIp }) => {
    await forgotClientPassword({ username: body.username, companyId: body.company, sourceIp });
    return accepted(FORGOT_PASSWORD_ANSWER);
  }),

  bind(routes.clientResetPassword, async ({ body }) => {
    await resetClientPasswordWithToken(body.token, body.newPassword);
    return noContent();
  }),

  bind(routes.staffForgotPassword, async ({ body, sourceIp }) => {
    await forgotStaffPassword({ username: body.username, companyId: body.company, sourceIp });
    return accepted(FORGOT_PASSWORD_ANSWER);
  }),

  bind(routes.staffResetPassword, async ({ body }) => {
    await resetStaffPasswordWithToken(body.token, body.newPassword);
    return noContent();
  }),

  bind(routes.verifyEmail, async ({ body }) => {
    await verifyEmail(body.token);
    return noContent();
  }),
]);
