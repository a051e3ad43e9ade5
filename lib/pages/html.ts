import { EMAIL } from "../domain/input-rules";
/**
 * What the HTML of every hosted page shares. A page is static HTML plus its
 * own script and style sheet, built from web/<name>/main.ts and served by the
 * API itself, so the policy allows nothing from elsewhere and no inline script
 * or style.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export interface PageDocument {
  title: string;
  /** The page's name in lib/pages/build.ts: its files are `<assetsPath>/<name>.js` and `.css`. */
  name: string;
  assetsPath: string;
  /** The content of `<main>`. */
  main: string;
}

export function pageDocument(page: PageDocument): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${page.assetsPath}/${page.name}.css">
<script src="${page.assetsPath}/${page.name}.js" defer></script>
</head>
<body>
<main>
${page.main}
</main>
</body>
</html>
`;
}

export interface FieldOptions {
  type?: string;
  required?: boolean;
  autocomplete: string;
  maxlength?: number;
  /** Another element describing the field, named before its message box. */
  describedBy?: string;
}

const requiredMark = '<span class="required" aria-hidden="true"> *</span>';

/** Names the field's message box (`<id>-error`, filled by web/shared/field-errors.ts) as its description. */
export function describedBy(id: string, extra?: string): string {
  return `aria-describedby="${extra ? `${extra} ` : ""}${id}-error"`;
}

/** A labelled input whose `data-path` is its id, the API's name for the field. */
export function inputField(id: string, label: string, options: FieldOptions): string {
  const attributes = [
    `id="${id}"`,
    `name="${id}"`,
    `data-path="${id}"`,
    `type="${options.type ?? "text"}"`,
    `autocomplete="${options.autocomplete}"`,
    options.maxlength ? `maxlength="${options.maxlength}"` : "",
    options.required ? "required" : "",
    describedBy(id, options.describedBy),
  ].filter(Boolean);
  return `<div class="field">
  <label for="${id}">${label}${options.required ? requiredMark : ""}</label>
  <input ${attributes.join(" ")}>
  <p class="error" id="${id}-error" hidden></p>
</div>`;
}

/** A labelled select, filled by the page's script. */
export function selectField(id: string, label: string, options: { required?: boolean; autocomplete: string }): string {
  return `<div class="field">
  <label for="${id}">${label}${options.required ? requiredMark : ""}</label>
  <select id="${id}" name="${id}" data-path="${id}" autocomplete="${options.autocomplete}"${options.required ? " required" : ""} ${describedBy(id)}></select>
  <p class="error" id="${id}-error" hidden></p>
</div>`;
}

/** The contact details and phone numbers both the signup form and the account page ask for, with the required-fields hint. */
export function contactFieldsets(): string {
  return `<p class="hint">Fields marked <span aria-hidden="true">*</span><span class="visually-hidden">as required</span> are required.</p>
<fieldset>
<legend>Contact information</legend>
<div class="grid">
${inputField("firstName", "First name", { required: true, autocomplete: "given-name", maxlength: 100 })}
${inputField("lastName", "Last name", { required: true, autocomplete: "family-name", maxlength: 100 })}
${inputField("company", "Company or organisation", { autocomplete: "organization", maxlength: 200 })}
${inputField("title", "Title", { autocomplete: "organization-title", maxlength: 100 })}
${inputField("email", "Email", { type: "email", required: true, autocomplete: "email", maxlength: EMAIL.maxLength })}
${inputField("address1", "Address line 1", { autocomplete: "address-line1", maxlength: 200 })}
${inputField("address2", "Address line 2", { autocomplete: "address-line2", maxlength: 200 })}
${inputField("city", "City", { autocomplete: "address-level2", maxlength: 100 })}
${selectField("country", "Country", { required: true, autocomplete: "country" })}
${selectField("state", "State or province", { autocomplete: "address-level1" })}
${inputField("zip", "Zip or postal code", { autocomplete: "postal-code", maxlength: 20 })}
</div>
</fieldset>
<fieldset>
<legend>Phone numbers</legend>
<div id="phones"></div>
<button type="button" id="add-phone" class="secondary">Add a phone number</button>
</fieldset>`;
}

/** A new password, its rule in words and its repetition: the reset and invitation pages ask the same. */
export function newPasswordFields(after = ""): string {
  return `${inputField("newPassword", "New password", { type: "password", required: true, autocomplete: "new-password", maxlength: 256, describedBy: "new-password-hint" })}
<p id="new-password-hint" class="hint">At least <span id="password-length">12</span> characters, with a lower-case letter, an upper-case letter and a digit.${after ? ` ${after}` : ""}</p>
${inputField("repeatPassword", "Repeat the new password", { type: "password", required: true, autocomplete: "new-password", maxlength: 256 })}`;
}

/** What a page says when its script cannot run. */
export const NO_SCRIPT_NOTICE =
  '<noscript><p class="notice">This page needs JavaScript. Please turn it on and reload the page.</p></noscript>';
