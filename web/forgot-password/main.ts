/**
 * The "forgot your password?" page (/forgot-password, HTML in lib/pages/forgot-password.ts): the
 * username to POST /v1/auth/clients/forgot-password, whose one answer (the same whether or not the
 * account exists) the page shows as it is.
 */
import "../shared/page.css";
import { callApi, forCompany, type Problem } from "../shared/api";
import { nameTheCompany } from "../shared/company-name";
import { byId } from "../shared/dom";
import { FieldChecks, required } from "../shared/field-checks";
import { showProblem, statusMessage } from "../shared/field-errors";
import { Submissions, UNREACHABLE } from "../shared/submission";

const form = byId("forgot-form", HTMLFormElement);
const username = byId("username", HTMLInputElement);
const button = byId("submit", HTMLButtonElement);
const say = statusMessage(byId("form-status"));
const checks = new FieldChecks();
const submissions = new Submissions();

async function submit(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (submissions.running) return;
  say("");
  if (!checks.passes()) return;
  await submissions.run(button, "Sending…", send, () => say(UNREACHABLE));
}

async function send(): Promise<void> {
  const company = new URLSearchParams(location.search).get("company");
  const json = JSON.stringify({ username: username.value.trim(), ...(company ? { company } : {}) });
  const answer = await callApi("POST", "/v1/auth/clients/forgot-password", json);
  if (answer.status === 202) {
    byId("sent-message").textContent = (answer.body as { message: string }).message;
    form.hidden = true;
    const sent = byId("sent");
    sent.hidden = false;
    sent.focus();
    return;
  }
  showProblem({ form, say }, answer.status, answer.headers, answer.body as Problem);
}

function start(): void {
  byId("signin-link", HTMLAnchorElement).href = forCompany("/signin");
  checks.text(username, required("Username"));
  form.addEventListener("submit", submit);
  form.hidden = false;
  nameTheCompany(
    (name) => `Forgot your ${name} password?`,
    (name) => `Forgot your password? – ${name}`,
  );
}

start();
