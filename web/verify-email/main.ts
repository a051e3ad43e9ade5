/**
 * The page an email-verification link opens (/verify-email?token=, HTML in lib/pages/verify-email.ts):
 * the button confirms the address with POST /v1/auth/verify-email.
 */
import "../shared/page.css";
import { callApi, forCompany, type Problem } from "../shared/api";
import { nameTheCompany } from "../shared/company-name";
import { byId } from "../shared/dom";
import { showProblem, statusMessage } from "../shared/field-errors";
import { LinkToken } from "../shared/link-token";
import { Submissions, UNREACHABLE } from "../shared/submission";

const INVALID_LINK =
  "This link does not work: it was used already, a newer one was sent, your email address changed since, or it has expired. Sign in and ask for a new one on your account page.";

// Read at once: the token leaves the address before anything else happens.
const token = new LinkToken("verify-email");
const form = byId("verify-form", HTMLFormElement);
const button = byId("submit", HTMLButtonElement);
const say = statusMessage(byId("form-status"));
const submissions = new Submissions();

function refuse(): void {
  token.forget();
  say(INVALID_LINK);
  form.hidden = true;
}

async function submit(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (submissions.running) return;
  say("");
  await submissions.run(button, "Confirming…", confirm, () => say(UNREACHABLE));
}

async function confirm(): Promise<void> {
  const answer = await callApi("POST", "/v1/auth/verify-email", JSON.stringify({ token: token.value }));
  if (answer.status === 204) {
    token.forget();
    form.hidden = true;
    const done = byId("done");
    done.hidden = false;
    done.focus();
  } else if (answer.status === 400 || answer.status === 422) {
    refuse();
  } else {
    showProblem({ form, say }, answer.status, answer.headers, answer.body as Problem);
  }
}

function start(): void {
  byId("signin-link", HTMLAnchorElement).href = forCompany("/signin");
  nameTheCompany(
    (name) => `Confirm your email address for ${name}`,
    (name) => `Confirm your email address – ${name}`,
  );
  if (!token.value) {
    refuse();
    return;
  }
  form.addEventListener("submit", submit);
  form.hidden = false;
}

start();
