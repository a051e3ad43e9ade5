import { inputField, pageDocument } from "./html";

/**
 * The hosted client sign-in page; web/signin/main.ts names the company (from
 * /v1/signup/config), signs in with POST /v1/auth/clients/login and goes on to /account.
 * The form is hidden until the script runs: without it a submit would put the password in the address.
 */
export const SIGNIN_PAGE_HTML = pageDocument({
  title: "Sign in",
  name: "signin",
  assetsPath: "/signin",
  main: `<h1 id="page-title">Sign in</h1>
<noscript><p class="notice">This page needs JavaScript. Please turn it on and reload the page.</p></noscript>
<p id="page-notice" class="notice ok" role="status" hidden></p>
<div id="form-status" class="notice" role="alert" hidden></div>
<form id="signin-form" method="post" novalidate hidden>
${inputField("username", "Username", { required: true, autocomplete: "username", maxlength: 128 })}
${inputField("password", "Password", { type: "password", required: true, autocomplete: "current-password", maxlength: 256 })}
<button type="submit" id="submit">Sign in</button>
</form>
<p><a id="forgot-link" href="/forgot-password">Forgot your password?</a></p>
<p>No account yet? <a id="signup-link" href="/signup">Create one</a>.</p>`,
});
