import { NO_SCRIPT_NOTICE, newPasswordFields, pageDocument } from "./html";

/**
 * The page a password-reset email links to (`?token=`); web/reset-password/main.ts sets the new
 * password with POST /v1/auth/clients/reset-password and goes on to /signin.
 */
export const RESET_PASSWORD_PAGE_HTML = pageDocument({
  title: "Choose a new password",
  name: "reset-password",
  assetsPath: "/reset-password",
  main: `<h1 id="page-title">Choose a new password</h1>
${NO_SCRIPT_NOTICE}
<div id="form-status" class="notice" role="alert" hidden></div>
<p id="ask-again" hidden>Reset links work once, for 30 minutes, and only the newest one. <a id="forgot-link" href="/forgot-password">Ask for a new link</a>.</p>
<form id="password-form" method="post" novalidate hidden>
${newPasswordFields("You then sign in again with it, on every device.")}
<button type="submit" id="submit">Set the new password</button>
</form>
<p><a id="signin-link" href="/signin">Back to sign-in</a></p>`,
});
