/**
 * The hosted signup form (/signup, HTML in lib/pages/signup.ts). It renders
 * what /v1/signup/config offers, follows the country with its states, checks
 * each field as it is typed, submits JSON to /v1/signup and places the API's
 * `errors[].path` messages next to their fields.
 */
import "../shared/page.css";
import "./signup.css";
import { USERNAME } from "../../lib/domain/input-rules";
import { callApi, forCompany, getJson, newIdempotencyKey, type Problem } from "../shared/api";
import { customField, customFieldValues } from "../shared/custom-fields";
import { byId, displayName, fillSelect } from "../shared/dom";
import { emailProblem, FieldChecks, required } from "../shared/field-checks";
import { type ProblemTarget, showProblem, statusMessage } from "../shared/field-errors";
import { passwordProblem } from "../shared/passwords";
import { PhoneRows } from "../shared/phones";
import { countries, type Place, PlaceSelects } from "../shared/places";
import { Submissions, UNREACHABLE } from "../shared/submission";
import type { SignupConfig, SignupResult } from "./api-types";

const TEXT_FIELDS = ["firstName", "lastName", "company", "title", "address1", "address2", "city", "zip", "email"];

const startedAt = Date.now();
const form = byId("signup-form", HTMLFormElement);
const say = statusMessage(byId("form-status"));
const checks = new FieldChecks();
const phones = new PhoneRows(byId("phones"), checks);
const input = (id: string) => byId(id, HTMLInputElement);
const select = (id: string) => byId(id, HTMLSelectElement);
const places = new PlaceSelects(select("country"), select("state"));
const submissions = new Submissions();
/** The last body sent and its Idempotency-Key: the same submission keeps its key. */
let lastAttempt = { json: "", key: "" };

const problemTarget: ProblemTarget = {
  form,
  say,
  // "Generate a password" answers for the password field; a whole phone row is pointed at by its number.
  alias: (path) => (path === "generatePassword" ? "password" : /^phones\.\d+$/.test(path) ? `${path}.number` : path),
};

function usernameProblem(value: string): string | null {
  if (!value) return "Enter a username, or untick “Specify a username”.";
  if (!USERNAME.pattern.test(value)) return USERNAME.message;
  return value.length < USERNAME.minLength ? `A username has at least ${USERNAME.minLength} characters.` : null;
}

function followUsernameChoice(): void {
  const specify = input("specify-username").checked;
  byId("username-field").hidden = !specify;
  byId("username-hint").textContent = specify
    ? "You will sign in with the username below."
    : "Your email address will be your username.";
}

function followPasswordChoice(): void {
  const generate = input("password-generate").checked;
  byId("password-field").hidden = generate;
  byId("generate-hint").hidden = !generate;
}

function collect(config: SignupConfig): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const name of TEXT_FIELDS) {
    const value = input(name).value.trim();
    if (value) body[name] = value;
  }
  body.country = select("country").value;
  const state = places.stateValue();
  if (state) body.state = state;
  const numbers = phones.values();
  if (numbers.length > 0) body.phones = numbers;
  body.currency = select("currency").value;
  body.language = select("language").value;
  body.marketingOptIn = input("marketingOptIn").checked;
  const custom = customFieldValues(config.customFields);
  if (Object.keys(custom).length > 0) body.customFields = custom;
  if (input("specify-username").checked) body.username = input("username").value.trim();
  if (input("password-generate").checked) body.generatePassword = true;
  else body.password = input("password").value;
  body.website = input("website").value;
  body.formStartedAt = startedAt;
  return body;
}

function showSuccess(config: SignupConfig, email: string, result: SignupResult): void {
  byId("success-email").textContent = email;
  byId("success-username").textContent = result.username;
  if (result.generatedPassword) {
    byId("generated-password").textContent = result.generatedPassword;
    byId("generated-password-box").hidden = false;
  }
  byId("sign-in-link", HTMLAnchorElement).href = config.signInUrl;
  form.reset();
  form.hidden = true;
  say("");
  document.title = "Check your email";
  const success = byId("success");
  success.hidden = false;
  success.focus();
}

async function submit(config: SignupConfig, event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (submissions.running) return;
  if (!checks.passes(say)) return;
  const body = collect(config);
  const json = JSON.stringify(body);
  // The same submission keeps its key, so a retry after a lost answer cannot create a second account.
  if (json !== lastAttempt.json) lastAttempt = { json, key: newIdempotencyKey() };
  say("");
  const { key } = lastAttempt;
  await submissions.run(
    byId("submit", HTMLButtonElement),
    "Creating your account…",
    async () => {
      const answer = await callApi("POST", forCompany("/v1/signup"), json, { "idempotency-key": key });
      if (answer.status === 201) showSuccess(config, String(body.email), answer.body as SignupResult);
      else showProblem(problemTarget, answer.status, answer.headers, answer.body as Problem);
    },
    () => say(UNREACHABLE),
  );
}

function wireChecks(config: SignupConfig): void {
  checks.text(input("firstName"), required("First name"));
  checks.text(input("lastName"), required("Last name"));
  checks.text(input("email"), emailProblem);
  checks.text(select("country"), required("Country"));
  checks.text(select("currency"), required("Currency"));
  checks.text(select("language"), required("Language"));
  checks.text(input("username"), usernameProblem);
  checks.text(input("password"), (value) => passwordProblem(config.passwordMinimumLength, value));
}

function render(config: SignupConfig, countryList: Place[]): void {
  byId("page-title").textContent = `Create your account with ${config.companyName}`;
  places.show(countryList);
  const currencies = config.currencies.map((c) => ({ value: c, label: `${c} – ${displayName("currency", c)}` }));
  fillSelect(select("currency"), currencies, config.defaultCurrency);
  const languages = config.languages.map((l) => ({ value: l, label: displayName("language", l) }));
  fillSelect(select("language"), languages, config.defaultLanguage);
  byId("password-length").textContent = String(config.passwordMinimumLength);
  const customSection = byId("custom-fields");
  for (const field of config.customFields) customSection.append(customField(field, checks));
  customSection.hidden = config.customFields.length === 0;
}

async function start(): Promise<void> {
  let config: SignupConfig;
  let countryList: Place[];
  try {
    [config, countryList] = await Promise.all([getJson<SignupConfig>(forCompany("/v1/signup/config")), countries()]);
  } catch {
    byId("loading").hidden = true;
    say("The signup form could not be loaded. Check the address, or try again later.");
    return;
  }
  byId("loading").hidden = true;
  if (!config.signupOpen) {
    say(`${config.companyName} is not taking new signups at the moment.`);
    return;
  }
  render(config, countryList);
  wireChecks(config);
  byId("add-phone").addEventListener("click", () => phones.add());
  input("specify-username").addEventListener("change", followUsernameChoice);
  input("password-choose").addEventListener("change", followPasswordChoice);
  input("password-generate").addEventListener("change", followPasswordChoice);
  form.addEventListener("submit", (event) => submit(config, event));
  form.hidden = false;
}

start();
