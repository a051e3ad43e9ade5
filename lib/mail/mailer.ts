import { SendEmailCommand } from "@aws-sdk/client-ses";
import { historyEvent } from "../clients/history-event";
import { config } from "../config";
import type { TemplateId } from "../domain/email-template";
import { withRequestId } from "../observability/correlation";
import { logger } from "../observability/logger";
import { recordMetric } from "../observability/metrics";
import { getStoredClient } from "../store/client-repository";
import { getCompany } from "../store/company-repository";
import { isConditionFailure } from "../store/errors";
import type { OutboxMessage } from "../store/outbox-items";
import { claimMessage, deferMessage, type MessageRef, markSent, markUndeliverable } from "../store/outbox-repository";
import { getStaffMember } from "../store/staff-repository";
import { templateFor } from "../templates/template-service";
import { openToken } from "../tokens/sealed-token";
import { renderTemplate } from "./render";
import { ses } from "./ses-client";
import { UNDELIVERABLE_LOG_MESSAGE } from "./undeliverable-metric";

/** Tries of one SES call within a delivery, for blips (throttling, 5xx) only. */
const SEND_TRIES = 4;
const FIRST_BACKOFF_MS = 200;

export type DeliveryOutcome = "sent" | "skipped" | "deferred" | "undeliverable";

/**
 * One delivery of an outbox message: claim it, render the company's template
 * in the client's language, send it through SES and mark it sent with its
 * history event. Another delivery of the same message finds it claimed or sent
 * and skips. A delivery that fails before SES has the email defers the message
 * (the sweep delivers it again after a backoff that doubles each time); the
 * delivery that fails the last attempt (config().mail.maxAttempts) marks it
 * undeliverable. Throws only when even that cannot be recorded: the claim then
 * runs out and the sweep takes the message over.
 */
export async function deliver(ref: MessageRef, now = new Date()): Promise<DeliveryOutcome> {
  const { leaseSeconds } = config().mail;
  const message = await claimMessage(ref, now, new Date(now.getTime() + leaseSeconds * 1000));
  if (!message) return "skipped";
  // The stream's record or the sweep's: either way the lines carry the request that queued the email.
  return withRequestId(message.requestId, () => deliverClaimed(message));
}

async function deliverClaimed(message: OutboxMessage): Promise<DeliveryOutcome> {
  const { maxAttempts } = config().mail;
  if (message.attempts > maxAttempts) {
    // The last attempt's worker died holding its claim: this one is past the limit.
    await giveUp(message, `no delivery finished in ${maxAttempts} attempts`);
    return "undeliverable";
  }
  let sent: { sesMessageId: string; to: string } | DeliveryOutcome;
  try {
    sent = await renderAndSend(message);
  } catch (error) {
    const reason = (error as Error).name || "Error";
    if (message.attempts >= maxAttempts) {
      await giveUp(message, `${maxAttempts} attempts failed, the last with ${reason}`);
      return "undeliverable";
    }
    await deferMessage(message, retryTime(message.attempts), reason);
    logger.warn("email deferred", {
      messageId: message.messageId,
      attempt: message.attempts,
      error: reason,
    });
    recordMetric("EmailsDeferred", message.templateId);
    return "deferred";
  }
  if (typeof sent === "string") return sent;
  // SES has it now: deferring would send it twice, so only the record is retried.
  await withRetries(() =>
    markSent(
      message,
      sent.sesMessageId,
      historyEvent("email-sent", { type: "system", id: "" }, { detail: message.templateId, to: sent.to }),
    ),
  );
  logger.info("email sent", { messageId: message.messageId, template: message.templateId });
  recordMetric("EmailsSent", message.templateId);
  return "sent";
}

/** When the next delivery may run: the first retry after `retrySeconds`, each further wait twice the last. */
function retryTime(attempts: number): Date {
  return new Date(Date.now() + config().mail.retrySeconds * 1000 * 2 ** (attempts - 1));
}

/** Marks the message undeliverable with a history event, and logs the line the alarm metric counts. */
async function giveUp(message: OutboxMessage, reason: string): Promise<void> {
  await markUndeliverable(
    message,
    reason,
    historyEvent("email-undeliverable", { type: "system", id: "" }, { detail: message.templateId, reason }),
  );
  logger.error(UNDELIVERABLE_LOG_MESSAGE, {
    messageId: message.messageId,
    companyId: message.companyId,
    template: message.templateId,
    attempts: message.attempts,
    reason,
  });
  recordMetric("EmailsUndeliverable", message.templateId);
}

/** Who an email goes to, and what its template may say about them. */
interface Recipient {
  email: string;
  language: string;
  firstName: string;
  lastName: string;
  username: string;
}

async function recipientOf(message: OutboxMessage): Promise<Recipient | null> {
  if (message.staffId) {
    const member = await getStaffMember(message.companyId, message.staffId);
    if (!member) return null;
    const [firstName = member.name, ...rest] = member.name.split(" ");
    return { email: member.email, language: "", firstName, lastName: rest.join(" "), username: member.username };
  }
  const client = await getStoredClient(message.companyId, message.clientId);
  return client && !client.pending && !client.anonymisedAt ? client : null;
}

/** The hosted page a template's link opens, beside the sign-in page (the installation's sign-in URL, if set). */
const LINK_PAGES: Partial<Record<TemplateId, string>> = {
  "password-reset": "reset-password",
  "email-verification": "verify-email",
  "account-registration": "verify-email",
  "staff-invitation": "staff/accept-invitation",
};

async function linkOf(message: OutboxMessage): Promise<string> {
  const page = LINK_PAGES[message.templateId];
  if (!page || !message.sealedToken) return "";
  const token = await openToken(message.sealedToken, message);
  const url = new URL(page, config().signInUrl);
  url.search = new URLSearchParams({ company: message.companyId, token }).toString();
  return url.toString();
}

/** The email of a claimed message, rendered and sent; or why it cannot be (marked on the message). */
async function renderAndSend(message: OutboxMessage): Promise<{ sesMessageId: string; to: string } | DeliveryOutcome> {
  const [recipient, company] = await Promise.all([recipientOf(message), getCompany(message.companyId)]);
  if (!recipient || !company) {
    // Nothing went wrong: the client was deleted (or anonymised, or never finished) meanwhile, and nobody is left to tell.
    await markUndeliverable(message, "the recipient no longer exists");
    logger.info("email dropped: its recipient no longer exists", { messageId: message.messageId });
    return "undeliverable";
  }
  const language = recipient.language || company.defaultLanguage;
  const template = await templateFor(company.id, message.templateId, language, company.defaultLanguage);
  if (!template) {
    await giveUp(message, `no ${message.templateId} template in ${language} or ${company.defaultLanguage}`);
    return "undeliverable";
  }
  const link = await linkOf(message);
  const email = renderTemplate(template, {
    "client.firstName": recipient.firstName,
    "client.lastName": recipient.lastName,
    "client.username": recipient.username,
    "company.name": company.name,
    signInUrl: config().signInUrl,
    resetPasswordUrl: LINK_PAGES[message.templateId] === "reset-password" ? link : "",
    verifyEmailUrl: LINK_PAGES[message.templateId] === "verify-email" ? link : "",
    acceptInvitationUrl: LINK_PAGES[message.templateId] === "staff/accept-invitation" ? link : "",
    webhookUrl: message.webhookUrl ?? "",
  });
  return { sesMessageId: await withRetries(() => sendEmail(recipient.email, email)), to: recipient.email };
}

async function sendEmail(to: string, email: { subject: string; text: string; html: string }): Promise<string> {
  const out = await ses().send(
    new SendEmailCommand({
      Source: config().fromAddress,
      Destination: { ToAddresses: [to] },
      Message: {
        Subject: { Data: email.subject, Charset: "UTF-8" },
        Body: { Text: { Data: email.text, Charset: "UTF-8" }, Html: { Data: email.html, Charset: "UTF-8" } },
      },
    }),
  );
  return out.MessageId ?? "";
}

/**
 * Retries a blip (throttling, a 5xx) with backoff within this delivery. A refusal (SES rejecting
 * the message or the address) is left to the next delivery, and a failed condition (the message
 * changed meanwhile) is final.
 */
async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= SEND_TRIES || isConditionFailure(error) || !isBlip(error)) throw error;
      logger.warn("mail step failed; retrying", { attempt: n, error: (error as Error).name });
      await new Promise((r) => setTimeout(r, FIRST_BACKOFF_MS * 2 ** (n - 1)));
    }
  }
}

function isBlip(error: unknown): boolean {
  const { $fault, $retryable, name } = error as { $fault?: string; $retryable?: unknown; name?: string };
  return $fault === "server" || Boolean($retryable) || /Throttl|TooManyRequests/.test(name ?? "");
}
