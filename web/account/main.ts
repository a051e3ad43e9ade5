/**
 * The signed-in client's account page (/account, HTML in lib/pages/account.ts).
 * It shows what GET /v1/me returns, sends only what the person changed with
 * PATCH /v1/me and the ETag it read (If-Match), changes the password with
 * POST /v1/me/password, sends the verification email again while the address
 * is unconfirmed, downloads the client's data as a JSON file, and signs out.
 * Without a session it goes to /signin.
 */
import "../shared/page.css";
import "./account.css";
import { forCompany, type Problem } from "../shared/api";
import { type CustomFieldValue, customField, customFieldValue } from "../shared/custom-fields";
import { byId, type Control, displayName, fillSelect } from "../shared/dom";
import { emailProblem, FieldChecks, required } from "../shared/field-checks";
import { type ProblemTarget, showFieldError, showProblem, statusMessage } from "../shared/field-errors";
import { passwordProblem } from "../shared/passwords";
import { PhoneRows } from "../shared/phones";
import { countries, type Place, PlaceSelects } from "../shared/places";
import { ClientSession, dropTokens, leaveNotice, SessionEnded } from "../shared/session";
import { Submissions, UNREACHABLE } from "../shared/submission";
import type { AccountField, AccountForm, OwnAccount } from "./api-types";

/** Text fields by their API name (also their control's id); the required ones cannot be emptied. */
const TEXT_FIELDS = [
  "firstName",
  "lastName",
  "company",
  "title",
  "email",
  "address1",
  "address2",
  "city",
  "zip",
] as const;
const REQUIRED_TEXT = new Set<string>(["firstName", "lastName", "email"]);

const input = (id: string) => byId(id, HTMLInputElement);
const select = (id: string) => byId(id, HTMLSelectElement);
const detailsForm = byId("details-form", HTMLFormElement);
const passwordForm = byId("password-form", HTMLFormElement);
const sayOnPage = statusMessage(byId("page-status"));
const showDetailsStatus = statusMessage(byId("details-status"));
/** The form is long: its message box, at the top, is brought into view. */
const sayDetails = (message: string) => {
  showDetailsStatus(message);
  if (message) byId("details-status").scrollIntoView({ block: "nearest" });
};
const sayPassword = statusMessage(byId("password-status"));
const saved = statusMessage(byId("details-saved"));
const sayVerification = statusMessage(byId("verification-status"));
const verificationSent = statusMessage(byId("verification-sent"));
const sayData = statusMessage(byId("data-status"));
const checks = new FieldChecks();
const passwordChecks = new FieldChecks();
const phones = new PhoneRows(byId("phones"), checks);
const places = new PlaceSelects(select("country"), select("state"));

const detailsTarget: ProblemTarget = {
  form: detailsForm,
  say: sayDetails,
  // A whole phone row is pointed at by its number.
  alias: (path) => (/^phones\.\d+$/.test(path) ? `${path}.number` : path),
};

interface Loaded {
  client: OwnAccount;
  etag: string;
  form: AccountForm;
  countries: Place[];
}

let session: ClientSession;
let loaded: Loaded;
const submissions = new Submissions();

function backToSignIn(notice: string): void {
  dropTokens();
  leaveNotice(notice);
  location.assign(forCompany("/signin"));
}

/** What a failed call tells the person; nothing when the session ended, as the page is already leaving. */
function failed(error: unknown, say: (message: string) => void): void {
  if (error instanceof SessionEnded) backToSignIn("Your session has ended. Please sign in again.");
  else say(UNREACHABLE);
}

async function readAccount(): Promise<Pick<Loaded, "client" | "etag">> {
  const answer = await session.call("GET", "/v1/me");
  if (answer.status !== 200) throw new Error(`GET /v1/me answered ${answer.status}`);
  const client = answer.body as OwnAccount & { version: number };
  return { client, etag: answer.headers.get("etag") ?? `"${client.version}"` };
}

const storedCustomValue = (field: AccountField, client: OwnAccount): CustomFieldValue =>
  client.customFields[field.id] ?? (field.type === "checkbox" ? false : "");

function showCustomFields(client: OwnAccount, fields: readonly AccountField[]): void {
  const editable = byId("editable-fields");
  for (const control of editable.querySelectorAll<Control>("input, select, textarea")) checks.forget(control);
  editable.replaceChildren(
    ...fields.filter((f) => f.editable).map((f) => customField(f, checks, client.customFields[f.id] ?? null)),
  );
  const fixed = byId("fixed-fields");
  fixed.replaceChildren();
  for (const field of fields.filter((f) => !f.editable)) {
    const value = storedCustomValue(field, client);
    const shown = typeof value === "boolean" ? (value ? "Yes" : "No") : value || "Not given";
    fixed.append(Object.assign(document.createElement("dt"), { textContent: field.name }));
    fixed.append(Object.assign(document.createElement("dd"), { textContent: shown }));
  }
  fixed.hidden = fixed.childElementCount === 0;
  byId("custom-fields").hidden = fields.length === 0;
}

/** Fills every control from the stored client and clears old messages. */
async function showAccount({ client, form, countries: countryList }: Loaded): Promise<void> {
  for (const name of TEXT_FIELDS) input(name).value = client[name] ?? "";
  phones.show(client.phones);
  const languages = form.languages.includes(client.language) ? form.languages : [...form.languages, client.language];
  const languageChoices = languages.map((l) => ({ value: l, label: displayName("language", l) }));
  fillSelect(select("language"), languageChoices, client.language);
  input("marketingOptIn").checked = client.marketing.optIn;
  showCustomFields(client, form.customFields);
  for (const control of detailsForm.querySelectorAll<Control>("input, select, textarea")) {
    showFieldError(control, null);
    delete control.dataset.dirty;
  }
  byId("username-shown").textContent = client.username;
  byId("unconfirmed-email").textContent = client.email;
  byId("verification").hidden = client.emailVerified === true;
  await places.show(countryList, client.country, client.state ?? "");
}

/** What the person changed, in PATCH /v1/me's terms: nothing else is sent. */
function changes({ client, form }: Loaded): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const name of TEXT_FIELDS) {
    const value = input(name).value.trim();
    if (value !== (client[name] ?? "")) patch[name] = value === "" && !REQUIRED_TEXT.has(name) ? null : value;
  }
  const country = select("country").value;
  if (country !== client.country) patch.country = country;
  // While the states of a new country load, the state is left out: the API then clears it.
  const state = places.stateValue();
  if (state !== undefined && state !== client.state) patch.state = state;
  const numbers = phones.values();
  const storedNumbers = client.phones.map(({ type, location, number }) => ({ type, location, number }));
  if (JSON.stringify(numbers) !== JSON.stringify(storedNumbers)) patch.phones = numbers;
  if (select("language").value !== client.language) patch.language = select("language").value;
  if (input("marketingOptIn").checked !== client.marketing.optIn)
    patch.marketingOptIn = input("marketingOptIn").checked;
  const custom: Record<string, CustomFieldValue> = {};
  for (const field of form.customFields.filter((f) => f.editable)) {
    const value = customFieldValue(field);
    if (value !== storedCustomValue(field, client)) custom[field.id] = value;
  }
  if (Object.keys(custom).length > 0) patch.customFields = custom;
  return patch;
}

async function saveDetails(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (submissions.running) return;
  sayDetails("");
  saved("");
  if (!checks.passes(sayDetails)) return;
  const patch = changes(loaded);
  if (Object.keys(patch).length === 0) {
    saved("Nothing to save: you have not changed anything.");
    return;
  }
  await submissions.run(
    byId("save", HTMLButtonElement),
    "Saving…",
    async () => {
      const answer = await session.call("PATCH", "/v1/me", JSON.stringify(patch), { "if-match": loaded.etag });
      if (answer.status === 200) {
        const client = answer.body as OwnAccount;
        loaded = { ...loaded, client, etag: answer.headers.get("etag") ?? loaded.etag };
        await showAccount(loaded);
        saved("Your changes are saved.");
      } else if (answer.status === 412) {
        loaded = { ...loaded, ...(await readAccount()) };
        await showAccount(loaded);
        sayDetails(
          "Your account was changed elsewhere in the meantime. The form now shows the current details: make your changes again, then save.",
        );
      } else {
        showProblem(detailsTarget, answer.status, answer.headers, answer.body as Problem);
      }
    },
    (error) => failed(error, sayDetails),
  );
}

async function changePassword(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (submissions.running) return;
  sayPassword("");
  if (!passwordChecks.passes(sayPassword)) return;
  const body = { currentPassword: input("currentPassword").value, newPassword: input("newPassword").value };
  await submissions.run(
    byId("change-password", HTMLButtonElement),
    "Changing your password…",
    async () => {
      const answer = await session.call("POST", "/v1/me/password", JSON.stringify(body));
      // Every session of the client ends with the change, this one too.
      if (answer.status === 204) backToSignIn("Your password is changed. Sign in with your new password.");
      else showProblem({ form: passwordForm, say: sayPassword }, answer.status, answer.headers, answer.body as Problem);
    },
    (error) => failed(error, sayPassword),
  );
}

async function resendVerification(): Promise<void> {
  sayVerification("");
  verificationSent("");
  await submissions.run(
    byId("resend-verification", HTMLButtonElement),
    "Sending…",
    async () => {
      const answer = await session.call("POST", "/v1/me/email-verification");
      if (answer.status === 202) {
        verificationSent(`We have sent a new link to ${loaded.client.email}. Earlier links no longer work.`);
      } else {
        showProblem({ form: detailsForm, say: sayVerification }, answer.status, answer.headers, answer.body as Problem);
      }
    },
    (error) => failed(error, sayVerification),
  );
}

/** Saves GET /v1/me/data-export as a file: a link to a Blob of it, clicked, then let go. */
async function downloadData(): Promise<void> {
  sayData("");
  await submissions.run(
    byId("download-data", HTMLButtonElement),
    "Preparing your data…",
    async () => {
      const answer = await session.call("GET", "/v1/me/data-export");
      if (answer.status !== 200) {
        sayData("Your data could not be exported just now. Please try again later.");
        return;
      }
      const file = new Blob([JSON.stringify(answer.body, null, 2)], { type: "application/json" });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(file);
      link.download = `${loaded.client.username.replace(/[^\w.@-]+/g, "_")}-data.json`;
      document.body.append(link);
      link.click();
      link.remove();
      // The download has its own copy: the URL is let go after the click has been handled.
      setTimeout(() => URL.revokeObjectURL(link.href), 0);
    },
    (error) => failed(error, sayData),
  );
}

function wireChecks(form: AccountForm): void {
  checks.text(input("firstName"), required("First name"));
  checks.text(input("lastName"), required("Last name"));
  checks.text(input("email"), emailProblem);
  checks.text(select("country"), required("Country"));
  passwordChecks.text(input("currentPassword"), required("Current password"));
  passwordChecks.text(input("newPassword"), (value) => passwordProblem(form.passwordMinimumLength, value));
  passwordChecks.text(input("repeatPassword"), (value) =>
    value === input("newPassword").value ? null : "This does not match the new password.",
  );
}

async function start(): Promise<void> {
  const stored = ClientSession.stored();
  if (!stored) {
    backToSignIn("Please sign in to see your account.");
    return;
  }
  session = stored;
  try {
    const [account, formAnswer, countryList] = await Promise.all([
      readAccount(),
      session.call("GET", "/v1/me/form"),
      countries(),
    ]);
    if (formAnswer.status !== 200) throw new Error(`GET /v1/me/form answered ${formAnswer.status}`);
    loaded = { ...account, form: formAnswer.body as AccountForm, countries: countryList };
    await showAccount(loaded);
  } catch (error) {
    byId("loading").hidden = true;
    if (error instanceof SessionEnded) failed(error, sayOnPage);
    else sayOnPage("Your account could not be loaded. Please reload the page, or try again later.");
    return;
  }
  const { companyName, passwordMinimumLength } = loaded.form;
  byId("page-title").textContent = `Your account with ${companyName}`;
  document.title = `Your account – ${companyName}`;
  byId("password-length").textContent = String(passwordMinimumLength);
  wireChecks(loaded.form);
  byId("add-phone").addEventListener("click", () => phones.add());
  detailsForm.addEventListener("submit", saveDetails);
  passwordForm.addEventListener("submit", changePassword);
  byId("resend-verification").addEventListener("click", resendVerification);
  byId("download-data").addEventListener("click", downloadData);
  byId("sign-out").addEventListener("click", () => backToSignIn("You have signed out."));
  byId("loading").hidden = true;
  for (const id of ["signed-in-as", "sign-out", "details", "password", "your-data"]) byId(id).hidden = false;
}

start();
