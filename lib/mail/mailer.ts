import { SendEmailCommand } from "@aws-sdk/client-ses";
import { historyEvent } from "../clients/history-event";
import { config } from "../config";
import { logger } from "../http/logger";
import { getStoredClient } from "../store/client-repository";
import { getCompany } from "../store/company-repository";
import { isConditionFailure } from "../store/errors";
import { claimMessage, markSent, markUndeliverable, releaseClaim } from "../store/outbox-repository";
import { templateFor } from "../templates/template-service";
import type { OutboxMessage } from "./outbox";
import { renderTemplate } from "./render";
import { ses } from "./ses-client";

const SEND_ATTEMPTS = 4;
const FIRST_BACKOFF_MS = 200;

export type DeliveryOutcome = "sent" | "skipped" | "undeliverable";

/**
 * Delivers one outbox message exactly once from the client's point of view:
 * claim it, render the company's template in the client's language, send
 * through SES with retries and backoff, and mark it sent with its history
 * event. Another delivery of the same event finds it claimed or sent and skips.
 * Throws when a step keeps failing; before SES has the email the claim is
 * released for the next delivery, after it only the marking is retried.
 */
export async function deliver(
  ref: Pick<OutboxMessage, "companyId" | "clientId" | "messageId">,
): Promise<DeliveryOutcome> {
  const message = await claimMessage(ref);
  if (!message) return "skipped";
  let sent: { sesMessageId: string; to: string } | DeliveryOutcome;
  try {
    sent = await renderAndSend(message);
  } catch (error) {
    // Until SES has accepted the email, a failure gives the claim back: the next delivery sends it.
    await releaseClaim(message);
    throw error;
  }
  if (typeof sent === "string") return sent;
  // SES has it now: giving the claim back would send it twice, so only the record is retried.
  await withRetries(() =>
    markSent(
      message,
      sent.sesMessageId,
      historyEvent("email-sent", { type: "system", id: "" }, { detail: message.templateId, to: sent.to }),
    ),
  );
  logger.info("email sent", { messageId: message.messageId, template: message.templateId });
  return "sent";
}

/** The email of a claimed message, rendered and sent; or why it cannot be (marked on the message). */
async function renderAndSend(message: OutboxMessage): Promise<{ sesMessageId: string; to: string } | DeliveryOutcome> {
  const [client, company] = await Promise.all([
    getStoredClient(message.companyId, message.clientId),
    getCompany(message.companyId),
  ]);
  if (!client || client.pending || !company) {
    await markUndeliverable(message, "the client no longer exists");
    return "undeliverable";
  }
  const template = await templateFor(company.id, message.templateId, client.language, company.defaultLanguage);
  if (!template) {
    await markUndeliverable(
      message,
      `no ${message.templateId} template in ${client.language} or ${company.defaultLanguage}`,
    );
    return "undeliverable";
  }
  const email = renderTemplate(template, {
    "client.firstName": client.firstName,
    "client.lastName": client.lastName,
    "client.username": client.username,
    "company.name": company.name,
    signInUrl: config().signInUrl,
  });
  return { sesMessageId: await withRetries(() => sendEmail(client.email, email)), to: client.email };
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

/** Retries transient failures with backoff; a failed condition (the message changed meanwhile) is final. */
async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= SEND_ATTEMPTS || isConditionFailure(error)) throw error;
      logger.warn("mail step failed; retrying", { attempt: n, error: (error as Error).name });
      await new Promise((r) => setTimeout(r, FIRST_BACKOFF_MS * 2 ** (n - 1)));
    }
  }
}
