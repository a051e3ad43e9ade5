import { resetConfig } from "../../lib/config";
import { TEST_ADMIN, TEST_PASSWORD } from "./constants";
import type { SentEmail } from "./mail";
import { scanTable } from "./table";
import { findLeaks, loggedLines, watchedSecrets } from "./watched-secrets";

const json = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));

/**
 * Looks for every secret the run watched (and the shared test passwords) in
 * every table item (outbox, idempotency records, history and index entries
 * included), every log line and every email sent: where each one was found.
 */
export async function secretsLeftBehind(): Promise<{ secrets: number; places: number; found: string[] }> {
  resetConfig();
  const secrets = [...watchedSecrets(), TEST_PASSWORD, TEST_ADMIN.password];
  const places: Record<string, string> = { ...loggedLines() };
  for (const item of await scanTable()) places[`table item ${item.pk} / ${item.sk}`] = json(item);
  // Read like test/helpers/mail.ts does, without loading the mailer into the teardown.
  const { emails } = (await (await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`)).json()) as {
    emails: SentEmail[];
  };
  for (const email of emails) places[`email ${email.messageId} to ${email.destination.to}`] = json(email);
  return { secrets: secrets.length, places: Object.keys(places).length, found: findLeaks(secrets, places) };
}
