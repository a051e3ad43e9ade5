import * as z from "zod";
import { onFirstUse } from "../../domain/on-first-use";
import { defineRoute, type RouteSpec } from "../../http/route";
import { passwordPolicyMessage } from "../../identity/passwords";
import { FORGOT_PASSWORD_ANSWER } from "../../recovery/password-recovery";
import { errorResponses, idParam } from "../common";

const recoveryRoute = { lambda: "recovery", tag: "Password recovery", access: "public" } as const;

const forgotPasswordBody = onFirstUse(() =>
  z
    .strictObject({
      username: z.string().trim().min(1).max(128),
      company: idParam().optional().meta({ description: "Only this company's account is looked for, when given." }),
    })
    .meta({ id: "ForgotPassword" }),
);

const forgotPasswordAnswer = onFirstUse(() =>
  z.object({ message: z.literal(FORGOT_PASSWORD_ANSWER.message) }).meta({ id: "ForgotPasswordAccepted" }),
);

const tokenField = onFirstUse(() =>
  z.string().min(1).max(256).meta({ description: "The `token` parameter of the emailed link." }),
);

const resetPasswordBody = onFirstUse(() =>
  z
    .strictObject({ token: tokenField(), newPassword: z.string().max(256) })
    .superRefine((body, ctx) => {
      const problem = passwordPolicyMessage(body.newPassword);
      if (problem) ctx.addIssue({ code: "custom", path: ["newPassword"], message: problem });
    })
    .meta({ id: "ResetPassword" }),
);

const forgotDescription = (who: string) =>
  `Emails the ${who} whose username this is a link to choose a new password (valid 30 minutes, single use; asking again makes earlier links stop working). Answers 202 with the same body whether or not an active account has this username. Rate-limited per source IP and per username across the installation (429 with \`Retry-After\`), like signup.`;

/**
 * A recovery route of one audience: the body and answers are the same for both audiences, read through getters
 * (a spread of another route's spec would run its getters, building the schemas at load).
 */
const recoveryPost =
  <B extends z.ZodType>(body: () => B, responses: () => RouteSpec["responses"]) =>
  <const F extends Pick<RouteSpec, "operationId" | "path" | "summary" | "description">>(fields: F) =>
    defineRoute({
      ...recoveryRoute,
      method: "POST",
      ...fields,
      get body() {
        return body();
      },
      get responses() {
        return responses();
      },
    });

const forgotPasswordRoute = recoveryPost(forgotPasswordBody, () => ({
  202: { description: "Accepted (whether or not the account exists)", schema: forgotPasswordAnswer() },
  ...errorResponses(400, 415, 422, 429),
}));

const resetPasswordRoute = recoveryPost(resetPasswordBody, () => ({
  204: { description: "Password set; every session ended" },
  ...errorResponses(400, 415, 422),
}));

export const clientForgotPassword = forgotPasswordRoute({
  operationId: "clientForgotPassword",
  description: forgotDescription("client"),
  path: "/v1/auth/clients/forgot-password",
  summary: "Email a client a link to choose a new password",
});

export const clientResetPassword = resetPasswordRoute({
  operationId: "clientResetPassword",
  description:
    "Sets the client's password with the token of a reset link; the password must meet the policy (422 otherwise, and the token stays usable). Every session of the client ends. An unknown, used, replaced or expired token answers 400 `invalid-token`.",
  path: "/v1/auth/clients/reset-password",
  summary: "Choose a new client password with an emailed token",
});

export const staffForgotPassword = forgotPasswordRoute({
  operationId: "staffForgotPassword",
  description: forgotDescription("staff member"),
  path: "/v1/auth/staff/forgot-password",
  summary: "Email a staff member a link to choose a new password",
});

export const staffResetPassword = resetPasswordRoute({
  operationId: "staffResetPassword",
  description:
    "Sets the staff member's password with the token of a reset link, or their first password with the token of an invitation link (the member becomes active). Every session of the member ends. An unknown, used, replaced or expired token answers 400 `invalid-token`.",
  path: "/v1/auth/staff/reset-password",
  summary: "Choose a new staff password (or accept an invitation) with an emailed token",
});

const verifyEmailBody = onFirstUse(() => z.strictObject({ token: tokenField() }).meta({ id: "VerifyEmail" }));

export const verifyEmail = defineRoute({
  ...recoveryRoute,
  operationId: "verifyEmail",
  description:
    "Marks the client's email address verified with the token of a verification link (from the registration email, a changed address, or a resend). An unknown, used, replaced or expired token, or one sent to an address the client no longer has, answers 400 `invalid-token`.",
  method: "POST",
  path: "/v1/auth/verify-email",
  summary: "Verify a client's email address with an emailed token",
  get body() {
    return verifyEmailBody();
  },
  get responses() {
    return { 204: { description: "Verified" }, ...errorResponses(400, 415, 422) };
  },
});
