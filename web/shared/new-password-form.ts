/**
 * The form of a page that sets a password with an emailed link's token (reset, invitation): the new
 * password checked against the rule as it is typed, its repetition, and the API's answer placed where it
 * belongs (the rule's messages next to the field, a link that no longer works at the top).
 */
import { callApi, type Problem } from "./api";
import { byId } from "./dom";
import { FieldChecks } from "./field-checks";
import { showProblem, statusMessage } from "./field-errors";
import type { LinkToken } from "./link-token";
import { passwordProblem } from "./passwords";
import { Submissions, UNREACHABLE } from "./submission";

export interface NewPasswordForm {
  token: LinkToken;
  /** POST {token, newPassword} here. */
  endpoint: string;
  minimumLength: number;
  /** Said when the API refuses the token (400 invalid-token). */
  invalidLink: string;
  busyLabel: string;
  /** After a 204: the token is forgotten already. */
  done: () => void;
  /** After a refused token, beside the message (a link to ask again). */
  refused?: () => void;
}

export function wireNewPasswordForm(page: NewPasswordForm): void {
  const form = byId("password-form", HTMLFormElement);
  const newPassword = byId("newPassword", HTMLInputElement);
  const repeat = byId("repeatPassword", HTMLInputElement);
  const button = byId("submit", HTMLButtonElement);
  const say = statusMessage(byId("form-status"));
  const checks = new FieldChecks();
  const submissions = new Submissions();

  const refuse = () => {
    say(page.invalidLink);
    form.hidden = true;
    page.refused?.();
  };
  if (!page.token.value) {
    refuse();
    return;
  }
  byId("password-length").textContent = String(page.minimumLength);
  checks.text(newPassword, (value) => passwordProblem(page.minimumLength, value));
  checks.text(repeat, (value) => (value === newPassword.value ? null : "This does not match the new password."));

  const setPassword = async () => {
    const json = JSON.stringify({ token: page.token.value, newPassword: newPassword.value });
    const answer = await callApi("POST", page.endpoint, json);
    if (answer.status === 204) {
      page.token.forget();
      page.done();
    } else if (answer.status === 400 && /\/invalid-token$/.test(String((answer.body as { type?: unknown }).type))) {
      page.token.forget();
      refuse();
    } else {
      showProblem({ form, say }, answer.status, answer.headers, answer.body as Problem);
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submissions.running) return;
    say("");
    if (!checks.passes()) return;
    await submissions.run(button, page.busyLabel, setPassword, () => say(UNREACHABLE));
  });
  form.hidden = false;
}
