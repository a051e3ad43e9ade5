import { inputField, NO_SCRIPT_NOTICE, pageDocument } from "./html";

/**
 * The hosted "forgot your password?" page; web/forgot-password/main.ts sends the username to
 * POST /v1/auth/clients/forgot-password and shows its one answer, whether or not the account exists.
 */
export const FORGOT_PASSWORD_PAGE_HTML = pageDocument({
  title: "Forgot your password?",
  name: "forgot-password",
  assetsPath: "/forgot-password",
  main: `<h1 id="page-title">Forgot your password?</h1>
${NO_SCRIPT_NOTICE}
<div id="form-status" class="notice" role="alert" hidden></div>
<form id="forgot-form" method="post" novalidate hidden>
<p id="forgot-hint" class="hint">Enter your username (often your email address). We will email you a link to choose a new password; it works once, within 30 minutes.</p>
${inputField("username", "Username", { required: true, autocomplete: "username", maxlength: 128, describedBy: "forgot-hint" })}
<button type="submit" id="submit">Email me a link</button>
</form>
<section id="sent" hidden tabindex="-1" aria-labelledby="sent-title">
<h2 id="sent-title">Check your email</h2>
<p id="sent-message"></p>
</section>
<p><a id="signin-link" href="/signin">Back to sign-in</a></p>`,
});
