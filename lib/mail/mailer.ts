import { SendEmailCommand } from "@aws-sdk/client-ses";
import { historyEvent } from "../clients/history-event";
import { config } from "../config";
import { logger } from "../http/logger";
import { getStoredClient } from "../store/client-repository";
import { getCompany } from "../store/company-repository";
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
 * Throws when SES keeps failing: the claim is released for the next delivery.
 */
export async function deliver(
  ref: Pick<OutboxMessage, "companyId" | "clientId" | "messageId">,
): Promise<DeliveryOutcome> {
  const message = await claimMessage(ref);
  if (!message) return "skipped";
  const [client, company] = await Promise.all([
    getStoredClient(ref.companyId, ref.clientId),
    getCompany(ref.companyId),
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
  let sesMessageId: string;
  try {
    sesMessageId = await sendWithRetries(client.email, email);
  } catch (error) {
    await releaseClaim(message);
    throw error;
  }
  await markSent(
    message,
    sesMessageId,
    historyEvent("email-sent", { type: "system", id: "" }, { detail: message.templateId, to: client.email }),
  );
  logger.info("email sent", { messageId: message.messageId, template: message.templateId });
  return "sent";
}

async function sendWithRetries(to: string, email: { subject: string; text: string; html: string }): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
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
    } catch (error) {
      if (attempt >= SEND_ATTEMPTS) throw error;
      logger.warn("SES send failed; retrying", { attempt, error: (error as Error).name });
      await new Promise((r) => setTimeout(r, FIRST_BACKOFF_MS * 2 ** (attempt - 1)));
    }
  }
}
