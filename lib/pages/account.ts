import { contactFieldsets, describedBy, inputField, pageDocument, selectField } from "./html";

/**
 * The signed-in client's hosted account page; web/account/main.ts fills it
 * from GET /v1/me and /v1/me/form, saves with PATCH /v1/me, changes the
 * password with POST /v1/me/password, sends the verification email again
 * (POST /v1/me/email-verification) while the address is unconfirmed,
 * downloads the client's data (GET /v1/me/data-export) and signs out.
 * Without tokens it sends the person to /signin.
 */
export const ACCOUNT_PAGE_HTML = pageDocument({
  title: "Your account",
  name: "account",
  assetsPath: "/account",
  main: `<div class="page-head">
<h1 id="page-title">Your account</h1>
<button type="button" id="sign-out" class="secondary" hidden>Sign out</button>
</div>
<noscript><p class="notice">This page needs JavaScript. Please turn it on and reload the page.</p></noscript>
<p id="loading" class="hint">Loading your account…</p>
<p id="signed-in-as" class="hint" hidden>Signed in as <strong id="username-shown"></strong></p>
<div id="page-status" class="notice" role="alert" hidden></div>
<section id="verification" aria-labelledby="verification-title" hidden>
<h2 id="verification-title">Confirm your email address</h2>
<p>Your email address <strong id="unconfirmed-email"></strong> is not confirmed yet: follow the link in the email we sent to it, or ask for a new one.</p>
<div id="verification-status" class="notice" role="alert" hidden></div>
<p id="verification-sent" class="notice ok" role="status" hidden></p>
<button type="button" id="resend-verification" class="secondary">Resend the verification email</button>
</section>
<section id="details" aria-labelledby="details-title" hidden>
<h2 id="details-title">Your details</h2>
<div id="details-status" class="notice" role="alert" hidden></div>
<form id="details-form" method="post" novalidate>
${contactFieldsets()}
<fieldset>
<legend>Preferences</legend>
${selectField("language", "Language", { required: true, autocomplete: "language" })}
<div class="check">
<input id="marketingOptIn" name="marketingOptIn" data-path="marketingOptIn" type="checkbox" ${describedBy("marketingOptIn")}>
<label for="marketingOptIn">Send me news and offers by email</label>
<p class="error" id="marketingOptIn-error" hidden></p>
</div>
</fieldset>
<fieldset id="custom-fields" hidden>
<legend>Additional information</legend>
<div id="editable-fields"></div>
<dl id="fixed-fields" hidden></dl>
</fieldset>
<p id="details-saved" class="notice ok" role="status" hidden></p>
<button type="submit" id="save">Save changes</button>
</form>
</section>
<section id="password" aria-labelledby="password-title" hidden>
<h2 id="password-title">Change your password</h2>
<div id="password-status" class="notice" role="alert" hidden></div>
<form id="password-form" method="post" novalidate>
${inputField("currentPassword", "Current password", { type: "password", required: true, autocomplete: "current-password", maxlength: 256 })}
${inputField("newPassword", "New password", { type: "password", required: true, autocomplete: "new-password", maxlength: 256, describedBy: "new-password-hint" })}
<p id="new-password-hint" class="hint">At least <span id="password-length">12</span> characters, with a lower-case letter, an upper-case letter and a digit. You then sign in again with it, on every device.</p>
${inputField("repeatPassword", "Repeat the new password", { type: "password", required: true, autocomplete: "new-password", maxlength: 256 })}
<button type="submit" id="change-password">Change password</button>
</form>
</section>
<section id="your-data" aria-labelledby="data-title" hidden>
<h2 id="data-title">Your data</h2>
<p>Everything we hold about you (your details, consents, history, billing records and the emails we sent you) as one JSON file.</p>
<div id="data-status" class="notice" role="alert" hidden></div>
<button type="button" id="download-data" class="secondary">Download my data</button>
</section>`,
});
