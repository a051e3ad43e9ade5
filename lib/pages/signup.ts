import { USERNAME } from "../domain/input-rules";
import { contactFieldsets, describedBy, inputField, pageDocument, selectField } from "./html";

/** The hosted signup form; web/signup/main.ts fills it from /v1/signup/config and submits it to POST /v1/signup. */
export const SIGNUP_PAGE_HTML = pageDocument({
  title: "Create your account",
  name: "signup",
  assetsPath: "/signup",
  main: `<h1 id="page-title">Create your account</h1>
<noscript><p class="notice">This form needs JavaScript. Please turn it on and reload the page.</p></noscript>
<p id="loading" class="hint">Loading the form…</p>
<div id="form-status" class="notice" role="alert" hidden></div>
<form id="signup-form" novalidate hidden>
${contactFieldsets()}
<fieldset>
<legend>Preferences</legend>
<div class="grid">
${selectField("currency", "Currency", { required: true, autocomplete: "off" })}
${selectField("language", "Language", { required: true, autocomplete: "language" })}
</div>
<div class="check">
<input id="marketingOptIn" name="marketingOptIn" data-path="marketingOptIn" type="checkbox" ${describedBy("marketingOptIn")}>
<label for="marketingOptIn">Send me news and offers by email (you can change this at any time)</label>
<p class="error" id="marketingOptIn-error" hidden></p>
</div>
</fieldset>
<fieldset id="custom-fields" hidden>
<legend>Additional information</legend>
</fieldset>
<fieldset>
<legend>Sign-in</legend>
<p id="username-hint" class="hint">Your email address will be your username.</p>
<div class="check">
<input id="specify-username" type="checkbox" aria-controls="username-field">
<label for="specify-username">Specify a username</label>
</div>
<div id="username-field" hidden>
${inputField("username", "Username", { required: true, autocomplete: "username", maxlength: USERNAME.maxLength })}
</div>
<fieldset class="choices">
<legend>Password</legend>
<div class="check"><input id="password-choose" name="password-mode" type="radio" value="choose" checked><label for="password-choose">Choose a password</label></div>
<div class="check"><input id="password-generate" name="password-mode" type="radio" value="generate"><label for="password-generate">Generate a strong password for me</label></div>
</fieldset>
<div id="password-field">
${inputField("password", "Password", { type: "password", required: true, autocomplete: "new-password", maxlength: 256, describedBy: "password-hint" })}
<p id="password-hint" class="hint">At least <span id="password-length">12</span> characters, with a lower-case letter, an upper-case letter and a digit.</p>
</div>
<p id="generate-hint" class="hint" hidden>We will generate a strong password and show it to you once, right after you sign up.</p>
</fieldset>
<div class="trap" aria-hidden="true">
<label for="website">Leave this field empty</label>
<input id="website" name="website" type="text" tabindex="-1" autocomplete="off">
</div>
<button type="submit" id="submit">Create account</button>
</form>
<section id="success" hidden tabindex="-1" aria-labelledby="success-title">
<h2 id="success-title">Check your email</h2>
<p>Your account is ready. We have sent a message to <strong id="success-email"></strong> with your username and where to sign in.</p>
<p>Your username: <strong id="success-username"></strong></p>
<div id="generated-password-box" class="notice ok" hidden>
<p>Your generated password, shown only this once: <code id="generated-password"></code></p>
<p>Save it in your password manager now: we cannot show it again.</p>
</div>
<p><a id="sign-in-link" href="/">Go to sign-in</a></p>
</section>`,
});
