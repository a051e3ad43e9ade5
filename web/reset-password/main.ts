/**
 * The page a password-reset email links to (/reset-password?token=, HTML in lib/pages/reset-password.ts):
 * a new password with POST /v1/auth/clients/reset-password, then on to /signin, which says so.
 */
import "../shared/page.css";
import { forCompany } from "../shared/api";
import { nameTheCompany } from "../shared/company-name";
import { byId } from "../shared/dom";
import { LinkToken } from "../shared/link-token";
import { wireNewPasswordForm } from "../shared/new-password-form";
import { leaveNotice } from "../shared/session";

async function start(): Promise<void> {
  // Read before anything is awaited: the token leaves the address at once.
  const token = new LinkToken("reset-password");
  byId("signin-link", HTMLAnchorElement).href = forCompany("/signin");
  byId("forgot-link", HTMLAnchorElement).href = forCompany("/forgot-password");
  const company = await nameTheCompany(
    (name) => `Choose a new password for ${name}`,
    (name) => `Choose a new password – ${name}`,
  );
  wireNewPasswordForm({
    token,
    endpoint: "/v1/auth/clients/reset-password",
    minimumLength: company?.passwordMinimumLength ?? 12,
    invalidLink:
      "This link does not work: it was used already, a newer one was sent, or it has expired. Ask for a new link.",
    busyLabel: "Setting the new password…",
    refused: () => {
      byId("ask-again").hidden = false;
    },
    done: () => {
      leaveNotice("Your password is changed. Sign in with your new password.");
      location.assign(forCompany("/signin"));
    },
  });
}

start();
