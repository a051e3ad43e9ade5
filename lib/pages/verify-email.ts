import { NO_SCRIPT_NOTICE, pageDocument } from "./html";

/**
 * The page an email-verification link opens (`?token=`); web/verify-email/main.ts confirms the address
 * with POST /v1/auth/verify-email when the person presses the button (a mail scanner that opens links
 * confirms nothing).
 */
export const VERIFY_EMAIL_PAGE_HTML = pageDocument({
  title: "Confirm your email address",
  name: "verify-email",
  assetsPath: "/verify-email",
  main: `<h1 id="page-title">Confirm your email address</h1>
${NO_SCRIPT_NOTICE}
<div id="form-status" class="notice" role="alert" hidden></div>
<form id="verify-form" method="post" novalidate hidden>
<p>Confirm that the address this link was sent to belongs to your account.</p>
<button type="submit" id="submit">Confirm my email address</button>
</form>
<section id="done" hidden tabindex="-1" aria-labelledby="done-title">
<h2 id="done-title">Email address confirmed</h2>
<p>Thank you: your email address is confirmed.</p>
</section>
<p><a id="signin-link" href="/signin">Go to sign-in</a></p>`,
});
