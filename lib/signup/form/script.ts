/**
 * The signup form's script: plain browser JavaScript, no framework and no
 * build step, served as /signup/signup.js (the page's policy forbids inline
 * scripts). It renders what /v1/signup/config offers, follows the country
 * with its states, checks each field as it is typed, submits JSON and places
 * the server's `errors[].path` messages next to their fields.
 */
export const SIGNUP_SCRIPT = String.raw`"use strict";
(() => {
  const startedAt = Date.now();
  const company = new URLSearchParams(location.search).get("company");
  const companyQuery = company ? "?company=" + encodeURIComponent(company) : "";
  const PHONE_PATTERN = /^[0-9+()./\s\-#*xXextEXT:]+$/;
  const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  const TEXT_FIELDS = ["firstName", "lastName", "company", "title", "address1", "address2", "city", "zip", "email"];

  const byId = (id) => document.getElementById(id);
  const form = byId("signup-form");
  const statusBox = byId("form-status");
  const phones = byId("phones");
  const rules = new Map();
  let config = null;
  let rowCount = 0;
  let statesRequest = 0;
  let busy = false;
  let lastAttempt = { body: "", key: "" };

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== false && value !== null && value !== undefined) node.setAttribute(name, value === true ? "" : value);
    }
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(message) {
    statusBox.textContent = message || "";
    statusBox.hidden = !message;
  }

  async function getJson(path) {
    const response = await fetch(path, { headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(path + " answered " + response.status);
    return response.json();
  }

  // Validation: each checked control has a rule; a message shows under it and marks it invalid.

  function isActive(control) {
    return !control.disabled && !control.closest("[hidden]");
  }

  function valueOf(control) {
    if (control.type === "checkbox") return control.checked;
    return control.type === "password" ? control.value : control.value.trim();
  }

  function showError(control, message) {
    const box = byId(control.id + "-error");
    if (!box) return false;
    box.textContent = message || "";
    box.hidden = !message;
    if (message) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
    return true;
  }

  function validate(control) {
    const rule = rules.get(control);
    const message = rule && isActive(control) ? rule(valueOf(control)) : null;
    showError(control, message);
    return !message;
  }

  function rule(control, check) {
    rules.set(control, check);
    const onEdit = () => {
      control.dataset.dirty = "true";
      validate(control);
    };
    control.addEventListener("input", onEdit);
    control.addEventListener("change", onEdit);
    control.addEventListener("blur", () => {
      if (control.dataset.dirty) validate(control);
    });
  }

  const required = (label) => (value) => (value ? null : label + " is required.");

  function passwordProblem(value) {
    const missing = [];
    if (value.length < config.passwordMinimumLength) missing.push("at least " + config.passwordMinimumLength + " characters");
    if (!/[a-z]/.test(value)) missing.push("a lower-case letter");
    if (!/[A-Z]/.test(value)) missing.push("an upper-case letter");
    if (!/[0-9]/.test(value)) missing.push("a digit");
    return missing.length ? "The password needs " + missing.join(", ") + "." : null;
  }

  function usernameProblem(value) {
    if (!value) return "Enter a username, or untick \u201cSpecify a username\u201d.";
    if (/\s/.test(value)) return "A username has no spaces.";
    return value.length < 3 ? "A username has at least 3 characters." : null;
  }

  function phoneProblem(value) {
    if (!value) return "Enter the number, or remove this phone.";
    return value.length < 3 || !PHONE_PATTERN.test(value)
      ? "Use digits, spaces, + ( ) - . and an extension such as ext. 12."
      : null;
  }

  // Select lists

  function fillSelect(select, options, selected, placeholder) {
    select.replaceChildren();
    if (placeholder) select.append(element("option", { value: "" }, placeholder));
    for (const option of options) {
      select.append(element("option", { value: option.value, selected: option.value === selected }, option.label));
    }
  }

  function displayName(type, code) {
    try {
      return new Intl.DisplayNames([document.documentElement.lang || "en"], { type }).of(code) || code;
    } catch {
      return code;
    }
  }

  async function followCountry() {
    const select = byId("state");
    const country = byId("country").value;
    const request = ++statesRequest;
    select.disabled = true;
    fillSelect(select, [], "", country ? "Loading\u2026" : "Choose a country first");
    if (!country) return;
    let states = [];
    try {
      states = await getJson("/v1/countries/" + encodeURIComponent(country) + "/states");
    } catch {
      states = [];
    }
    // A slower answer for a country chosen earlier must not replace the current one.
    if (request !== statesRequest) return;
    if (states.length === 0) {
      fillSelect(select, [], "", "No states for this country");
      return;
    }
    fillSelect(select, states.map((s) => ({ value: s.code, label: s.name })), "", "Choose a state or province");
    select.disabled = false;
  }

  // Phones: any number of rows, each addressed by the server as phones.<index>.<field>.

  function phoneRows() {
    return Array.from(phones.querySelectorAll(".phone-row"));
  }

  function renumberPhones() {
    phoneRows().forEach((row, index) => {
      row.setAttribute("aria-label", "Phone " + (index + 1));
      for (const control of row.querySelectorAll("[data-field]")) {
        control.dataset.path = "phones." + index + "." + control.dataset.field;
      }
      row.querySelector("button").setAttribute("aria-label", "Remove phone " + (index + 1));
    });
  }

  function phoneField(id, label, control) {
    const field = element("div", { class: "field" });
    field.append(element("label", { for: id }, label), control);
    if (control.tagName === "INPUT") field.append(element("p", { class: "error", id: id + "-error", hidden: true }));
    return field;
  }

  function addPhone() {
    const n = ++rowCount;
    const row = element("div", { class: "phone-row", role: "group" });
    const type = element("select", { id: "phone-" + n + "-type", "data-field": "type" });
    fillSelect(type, [{ value: "phone", label: "Phone" }, { value: "fax", label: "Fax" }], "phone");
    const location = element("select", { id: "phone-" + n + "-location", "data-field": "location" });
    fillSelect(location, [{ value: "home", label: "Home" }, { value: "work", label: "Work" }], "home");
    const number = element("input", {
      id: "phone-" + n + "-number",
      type: "tel",
      autocomplete: "tel",
      maxlength: "64",
      "data-field": "number",
      "aria-describedby": "phone-" + n + "-number-error",
    });
    const remove = element("button", { type: "button", class: "secondary" }, "Remove");
    remove.addEventListener("click", () => {
      const rows = phoneRows();
      const previous = rows[rows.indexOf(row) - 1];
      rules.delete(number);
      row.remove();
      renumberPhones();
      (previous ? previous.querySelector("input") : byId("add-phone")).focus();
    });
    row.append(
      phoneField(type.id, "Type", type),
      phoneField(location.id, "Location", location),
      phoneField(number.id, "Number", number),
      remove,
    );
    phones.append(row);
    rule(number, phoneProblem);
    renumberPhones();
    number.focus();
  }

  // Custom fields of the signup group, rendered by type.

  function customField(field) {
    const id = "cf-" + field.id;
    const wrapper = element("div", { class: field.type === "checkbox" ? "check" : "field" });
    const label = element("label", { for: id }, field.name);
    if (field.required) label.append(element("span", { class: "required", "aria-hidden": "true" }, " *"));
    const common = {
      id,
      name: id,
      "data-path": "customFields." + field.id,
      required: field.required,
      "aria-describedby": id + "-error",
    };
    let control;
    if (field.type === "checkbox") {
      control = element("input", { ...common, type: "checkbox", checked: field.default === true });
      wrapper.append(control, label);
    } else {
      if (field.type === "select") {
        control = element("select", common);
        const placeholder = field.required && field.default ? "" : "Choose\u2026";
        fillSelect(control, field.options.map((o) => ({ value: o, label: o })), field.default || "", placeholder);
      } else {
        const tag = field.type === "textarea" ? "textarea" : "input";
        control = element(tag, { ...common, ...(tag === "input" ? { type: "text" } : {}) });
        control.value = typeof field.default === "string" ? field.default : "";
      }
      wrapper.append(label, control);
    }
    wrapper.append(element("p", { class: "error", id: id + "-error", hidden: true }));
    let pattern = null;
    try {
      pattern = field.regex ? new RegExp("^(?:" + field.regex + ")$", "u") : null;
    } catch {
      pattern = null;
    }
    rule(control, (value) => {
      if (field.type === "checkbox") return field.required && !value ? field.name + " must be ticked." : null;
      if (!value) return field.required ? field.name + " is required." : null;
      return pattern && !pattern.test(value) ? field.name + " does not have the expected format." : null;
    });
    return wrapper;
  }

  // Username and password choices

  function followUsernameChoice() {
    const specify = byId("specify-username").checked;
    byId("username-field").hidden = !specify;
    byId("username-hint").textContent = specify
      ? "You will sign in with the username below."
      : "Your email address will be your username.";
  }

  function followPasswordChoice() {
    const generate = byId("password-generate").checked;
    byId("password-field").hidden = generate;
    byId("generate-hint").hidden = !generate;
  }

  // Submitting

  function collect() {
    const body = {};
    for (const name of TEXT_FIELDS) {
      const value = byId(name).value.trim();
      if (value) body[name] = value;
    }
    body.country = byId("country").value;
    const state = byId("state");
    if (!state.disabled && state.value) body.state = state.value;
    const numbers = phoneRows().map((row) => ({
      type: row.querySelector("[data-field=type]").value,
      location: row.querySelector("[data-field=location]").value,
      number: row.querySelector("[data-field=number]").value.trim(),
    }));
    if (numbers.length) body.phones = numbers;
    body.currency = byId("currency").value;
    body.language = byId("language").value;
    body.marketingOptIn = byId("marketingOptIn").checked;
    const custom = {};
    for (const field of config.customFields) {
      const value = valueOf(byId("cf-" + field.id));
      if (value !== "") custom[field.id] = value;
    }
    if (Object.keys(custom).length) body.customFields = custom;
    if (byId("specify-username").checked) body.username = byId("username").value.trim();
    if (byId("password-generate").checked) body.generatePassword = true;
    else body.password = byId("password").value;
    body.website = byId("website").value;
    body.formStartedAt = startedAt;
    return body;
  }

  function newIdempotencyKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function firstInPage(controls) {
    return controls.reduce((first, control) =>
      first.compareDocumentPosition(control) & Node.DOCUMENT_POSITION_PRECEDING ? control : first,
    );
  }

  function controlForPath(path) {
    const alias = path === "generatePassword" ? "password" : path;
    const parts = alias.split(".");
    while (parts.length) {
      const control = form.querySelector('[data-path="' + CSS.escape(parts.join(".")) + '"]');
      if (control && isActive(control)) return control;
      // A whole phone row (phones.1) is pointed at by its number.
      const row = form.querySelector('[data-path="' + CSS.escape(parts.join(".") + ".number") + '"]');
      if (row && isActive(row)) return row;
      parts.pop();
    }
    return null;
  }

  function showProblem(response, problem) {
    if (response.status === 429) {
      const seconds = Number(response.headers.get("retry-after")) || 60;
      say("Too many attempts. Please try again in about " + Math.ceil(seconds / 60) + " minutes.");
      return;
    }
    const errors = Array.isArray(problem.errors) ? problem.errors : [];
    const unplaced = [];
    const placed = [];
    for (const error of errors) {
      const control = controlForPath(error.path);
      if (control && showError(control, error.message)) placed.push(control);
      else unplaced.push(error.message);
    }
    if (placed.length) {
      say(["Please correct the fields marked below."].concat(unplaced).join(" "));
      firstInPage(placed).focus();
    } else {
      say(unplaced.length ? unplaced.join(" ") : problem.detail || "Something went wrong. Please try again.");
    }
  }

  function showSuccess(body, result) {
    byId("success-email").textContent = body.email;
    byId("success-username").textContent = result.username;
    if (result.generatedPassword) {
      byId("generated-password").textContent = result.generatedPassword;
      byId("generated-password-box").hidden = false;
    }
    byId("sign-in-link").href = config.signInUrl;
    form.reset();
    form.hidden = true;
    say("");
    document.title = "Check your email";
    const success = byId("success");
    success.hidden = false;
    success.focus();
  }

  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    const invalid = Array.from(rules.keys()).filter((control) => !validate(control));
    if (invalid.length) {
      say(invalid.length === 1 ? "One field needs your attention." : invalid.length + " fields need your attention.");
      firstInPage(invalid).focus();
      return;
    }
    const body = collect();
    const json = JSON.stringify(body);
    // The same submission keeps its key, so a retry after a lost answer cannot create a second account.
    if (json !== lastAttempt.body) lastAttempt = { body: json, key: newIdempotencyKey() };
    busy = true;
    const button = byId("submit");
    button.disabled = true;
    button.textContent = "Creating your account\u2026";
    form.setAttribute("aria-busy", "true");
    say("");
    try {
      const response = await fetch("/v1/signup" + companyQuery, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": lastAttempt.key },
        body: json,
      });
      const result = await response.json().catch(() => ({}));
      if (response.status === 201) showSuccess(body, result);
      else showProblem(response, result);
    } catch {
      say("We could not reach the server. Check your connection and try again.");
    } finally {
      busy = false;
      button.disabled = false;
      button.textContent = "Create account";
      form.removeAttribute("aria-busy");
    }
  }

  // Start

  function wireStaticRules() {
    rule(byId("firstName"), required("First name"));
    rule(byId("lastName"), required("Last name"));
    rule(byId("email"), (value) => {
      if (!value) return "Email is required.";
      return EMAIL_PATTERN.test(value) ? null : "Enter a valid email address, such as name@example.com.";
    });
    rule(byId("country"), required("Country"));
    rule(byId("currency"), required("Currency"));
    rule(byId("language"), required("Language"));
    rule(byId("username"), usernameProblem);
    rule(byId("password"), passwordProblem);
  }

  async function start() {
    let countries;
    try {
      [config, countries] = await Promise.all([getJson("/v1/signup/config" + companyQuery), getJson("/v1/countries")]);
    } catch {
      byId("loading").hidden = true;
      say("The signup form could not be loaded. Check the address, or try again later.");
      return;
    }
    byId("loading").hidden = true;
    if (!config.signupOpen) {
      say(config.companyName + " is not taking new signups at the moment.");
      return;
    }
    byId("page-title").textContent = "Create your account with " + config.companyName;
    fillSelect(byId("country"), countries.map((c) => ({ value: c.code, label: c.name })), "", "Choose a country");
    fillSelect(byId("state"), [], "", "Choose a country first");
    byId("state").disabled = true;
    fillSelect(byId("currency"), config.currencies.map((c) => ({ value: c, label: c + " \u2013 " + displayName("currency", c) })), config.defaultCurrency);
    fillSelect(byId("language"), config.languages.map((l) => ({ value: l, label: displayName("language", l) })), config.defaultLanguage);
    byId("password-length").textContent = String(config.passwordMinimumLength);
    const customSection = byId("custom-fields");
    for (const field of config.customFields) customSection.append(customField(field));
    customSection.hidden = config.customFields.length === 0;
    wireStaticRules();
    byId("country").addEventListener("change", followCountry);
    byId("add-phone").addEventListener("click", addPhone);
    byId("specify-username").addEventListener("change", followUsernameChoice);
    byId("password-choose").addEventListener("change", followPasswordChoice);
    byId("password-generate").addEventListener("change", followPasswordChoice);
    form.addEventListener("submit", submit);
    form.hidden = false;
  }

  start();
})();
`;
