/**
 * The page a staff invitation links to (/staff/accept-invitation?token=, HTML in
 * lib/pages/accept-invitation.ts): the member's first password with POST /v1/auth/staff/reset-password,
 * which makes them active; then it says the account is ready (staff sign in through the API).
 */
import "../shared/page.css";
import { nameTheCompany } from "../shared/company-name";
import { byId } from "../shared/dom";
import { statusMessage } from "../shared/field-errors";
import { LinkToken } from "../shared/link-token";
import { wireNewPasswordForm } from "../shared/new-password-form";

async function start(): Promise<void> {
  // Read before anything is awaited: the token leaves the address at once.
  const token = new LinkToken("accept-invitation");
  const company = await nameTheCompany(
    (name) => `Join the ${name} team`,
    (name) => `Accept your invitation – ${name}`,
  );
  wireNewPasswordForm({
    token,
    endpoint: "/v1/auth/staff/reset-password",
    minimumLength: company?.passwordMinimumLength ?? 12,
    invalidLink:
      "This invitation link does not work: it was used already, a newer invitation was sent, or it has expired (after 72 hours). Ask an admin of your company to send the invitation again.",
    busyLabel: "Setting your password…",
    done: () => {
      statusMessage(byId("form-status"))("");
      byId("password-form").hidden = true;
      const done = byId("done");
      done.hidden = false;
      done.focus();
    },
  });
}

start();
