import type { DynamoDBRecord } from "aws-lambda";
import { handler as mailer } from "../../functions/mailer";
import { startOutboxSweeper } from "../../lib/local/outbox-sweeper";
import { startStreamPoller } from "../../lib/local/stream-poller";
import { matchesOutboxFilter } from "../../lib/mail/stream-filter";
import { streamAtFileStart } from "./file-start";

export interface SentEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text: string; html: string };
}

/** Every email the local SES has accepted in this run. */
export async function sentEmails(): Promise<SentEmail[]> {
  const response = await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`);
  return ((await response.json()) as { emails: SentEmail[] }).emails;
}

export async function emailsTo(address: string): Promise<SentEmail[]> {
  return (await sentEmails()).filter((e) => e.destination.to.includes(address));
}

/** Polls until `check` passes or the time is up; returns the last value either way. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 150));
    value = await read();
  }
  return value;
}

/**
 * The mailer as in the cloud, the stream consumer and the sweep (on a short
 * timer instead of a schedule), but only for one company's outbox items, so
 * parallel test files never deliver each other's mail.
 */
export async function startMailerFor(companyId: string): Promise<{ stop(): Promise<void> }> {
  const poller = await startStreamPoller({
    filter: (record: DynamoDBRecord) =>
      matchesOutboxFilter(record as never) && record.dynamodb?.NewImage?.companyId?.S === companyId,
    handler: mailer,
    intervalMs: 100,
    from: await streamAtFileStart(),
  });
  const sweeper = startOutboxSweeper({ intervalMs: 300, only: (message) => message.companyId === companyId });
  return {
    stop: async () => {
      await Promise.all([poller.stop(), sweeper.stop()]);
    },
  };
}
