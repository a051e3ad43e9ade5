import { NO_SCRIPT_NOTICE, newPasswordFields, pageDocument } from "./html";

/**
 * The page a staff invitation links to (`/staff/accept-invitation?token=`); web/accept-invitation/main.ts
 * sets the member's first password with POST /v1/auth/staff/reset-password, which makes them active.
 * Staff sign in through the API: there is no staff sign-in page.
 */
export const ACCEPT_INVITATION_PAGE_HTML = pageDocument({
  title: "Accept your invitation",
  name: "accept-invitation",
  assetsPath: "/staff/accept-invitation",
  main: `<h1 id="page-title">Accept your invitation</h1>
${NO_SCRIPT_NOTICE}
<div id="form-status" class="notice" role="alert" hidden></div>
<form id="password-form" method="post" novalidate hidden>
<p>Choose the password you will sign in with. Your username is in the invitation email.</p>
${newPasswordFields()}
<button type="submit" id="submit">Set my password</button>
</form>
<section id="done" hidden tabindex="-1" aria-labelledby="done-title">
<h2 id="done-title">Your account is ready</h2>
<p>Sign in with your username and the password you chose, through the API (<code>POST /v1/auth/staff/login</code>) or the tools your company uses with it. If your company requires two-factor authentication, set it up right after your first sign-in.</p>
</section>`,
});
