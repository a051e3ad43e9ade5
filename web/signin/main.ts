/**
 * The hosted client sign-in page (/signin, HTML in lib/pages/signin.ts):
 * username and password to POST /v1/auth/clients/login; the tokens go to
 * sessionStorage (web/shared/session.ts) and the person on to /account.
 */
import "../shared/page.css";
import { callApi, forCompany, type Problem } from "../shared/api";
import { nameTheCompany } from "../shared/company-name";
import { byId } from "../shared/dom";
import { FieldChecks, required } from "../shared/field-checks";
import { showFieldError, showProblem, statusMessage } from "../shared/field-errors";
import { storeTokens, type Tokens, takeNotice } from "../shared/session";
import { LEAVING_PAGE, Submissions, UNREACHABLE } from "../shared/submission";

const form = byId("signin-form", HTMLFormElement);
const username = byId("username", HTMLInputElement);
const password = byId("password", HTMLInputElement);
const button = byId("submit", HTMLButtonElement);
const say = statusMessage(byId("form-status"));
const checks = new FieldChecks();
const submissions = new Submissions();

/** Deliberately one message for every refusal: it does not tell which accounts exist. */
const REFUSED = "The username or password is not correct, or the account cannot sign in. Please try again.";

async function submit(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (submissions.running) return;
  if (!checks.passes()) return;
  say("");
  byId("page-notice").hidden = true;
  await submissions.run(button, "Signing in…", signIn, () => say(UNREACHABLE));
}

async function signIn(): Promise<typeof LEAVING_PAGE | undefined> {
  const json = JSON.stringify({ username: username.value.trim(), password: password.value });
  const answer = await callApi("POST", "/v1/auth/clients/login", json);
  if (answer.status === 200) {
    storeTokens(answer.body as Tokens);
    location.assign(forCompany("/account"));
    return LEAVING_PAGE;
  }
  if (answer.status === 401) {
    say(REFUSED);
    password.value = "";
    showFieldError(password, null);
    password.focus();
  } else {
    showProblem({ form, say }, answer.status, answer.headers, answer.body as Problem);
  }
  return undefined;
}

function start(): void {
  const notice = takeNotice();
  if (notice) {
    const box = byId("page-notice");
    box.textContent = notice;
    box.hidden = false;
  }
  byId("signup-link", HTMLAnchorElement).href = forCompany("/signup");
  byId("forgot-link", HTMLAnchorElement).href = forCompany("/forgot-password");
  checks.text(username, required("Username"));
  checks.text(password, required("Password"));
  form.addEventListener("submit", submit);
  form.hidden = false;
  // The sign-in itself names no company: the page works without its name.
  nameTheCompany(
    (name) => `Sign in to ${name}`,
    (name) => `Sign in – ${name}`,
  );
}

start();
