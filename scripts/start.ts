import type { AddressInfo } from "node:net";
import { handler as importer } from "../functions/importer";
import { localFunctions } from "../functions/local";
import { handler as mailer } from "../functions/mailer";
import { handler as passwordResets } from "../functions/password-resets";
import { handler as webhookDeliverer } from "../functions/webhooks";
import { config, resetConfig } from "../lib/config";
import { IMPORT_CHUNK_BATCH_SIZE, matchesImportChunkFilter } from "../lib/imports/stream-filter";
import { createLocalServer } from "../lib/local/http-server";
import { startOutboxSweeper } from "../lib/local/outbox-sweeper";
import type { ScheduledSweep } from "../lib/local/scheduled-sweep";
import { localBaseUrl, localSettings, localSignInUrl } from "../lib/local/settings";
import { startLocalStack } from "../lib/local/stack";
import { startStreamPoller } from "../lib/local/stream-poller";
import { startWebhookSweeper } from "../lib/local/webhook-sweeper";
import { matchesOutboxFilter } from "../lib/mail/stream-filter";
import { matchesPasswordResetRequestFilter } from "../lib/recovery/stream-filter";
import { matchesWebhookEventFilter } from "../lib/webhooks/stream-filter";

const settings = localSettings();
// Webhooks to a receiver on this machine (http://localhost:...) are what a laptop tries first.
process.env.CLIENTELE_WEBHOOKS_ALLOW_LOCALHOST ??= "true";
console.log(`Starting DynamoDB Local, cognito-local and aws-ses-v2-local (data in ${settings.dataDir}/) ...`);
const started = Date.now();
const stack = await startLocalStack(settings).catch((error: Error) => {
  console.error(`\nCould not start the local stack: ${error.message}`);
  process.exit(1);
});
let poller: Awaited<ReturnType<typeof startStreamPoller>> | undefined;
let importPoller: Awaited<ReturnType<typeof startStreamPoller>> | undefined;
let passwordResetPoller: Awaited<ReturnType<typeof startStreamPoller>> | undefined;
let sweeper: ScheduledSweep | undefined;
let webhookPoller: Awaited<ReturnType<typeof startStreamPoller>> | undefined;
let webhookSweeper: ScheduledSweep | undefined;
const server = createLocalServer(localFunctions);
server.on("error", async (error) => {
  console.error(
    `\nCould not listen on ${settings.host} port ${settings.port}: ${error.message}. Set PORT to a free port (HOST to an address of this machine).`,
  );
  await stack.stop();
  process.exit(1);
});
server.listen(settings.port, settings.host, async () => {
  const base = localBaseUrl(settings.host, (server.address() as AddressInfo).port);
  // Emails link to this server's /signin at the port it really got, before the mailer sends any.
  process.env.CLIENTELE_SIGNIN_URL = localSignInUrl(process.env, base);
  resetConfig();
  // The mailer runs as it does in the cloud: fed by the table's stream, filtered to outbox items.
  poller = await startStreamPoller({ filter: matchesOutboxFilter, handler: mailer });
  // The import worker likewise, on import chunks.
  importPoller = await startStreamPoller({
    filter: matchesImportChunkFilter as never,
    handler: importer,
    batchSize: IMPORT_CHUNK_BATCH_SIZE,
  });
  // The password-reset worker likewise, on the forgot-password requests the API accepted.
  passwordResetPoller = await startStreamPoller({
    filter: matchesPasswordResetRequestFilter as never,
    handler: passwordResets,
  });
  // And the sweep that retries deferred emails and takes over dead deliveries, on a timer instead of a schedule.
  sweeper = startOutboxSweeper({ intervalMs: config().mail.localSweepSeconds * 1000 });
  // The webhook deliverer, fed by the same stream, and the sweep of due retries and redeliveries.
  webhookPoller = await startStreamPoller({ filter: matchesWebhookEventFilter, handler: webhookDeliverer });
  webhookSweeper = startWebhookSweeper({ intervalMs: config().webhooks.localSweepSeconds * 1000 });
  console.log(`
Clientele is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

  API             ${base}/v1
  API reference   ${base}/docs   (OpenAPI: ${base}/openapi.json)
  Signup form     ${base}/signup
  Client sign-in  ${base}/signin   (then ${base}/account; ${base}/forgot-password)
  Email links     ${base}/verify-email, ${base}/reset-password, ${base}/staff/accept-invitation (from the emails)
  Email inbox     ${stack.emulators.endpoints.ses}   (JSON: ${stack.emulators.endpoints.ses}/store)

  Admin sign-in   username ${settings.adminUsername}   password ${settings.adminPassword}
                  (set CLIENTELE_ADMIN_USERNAME / CLIENTELE_ADMIN_PASSWORD to change)
  Company         ${stack.companyId}

  DynamoDB Local  ${stack.emulators.endpoints.dynamodb}   Cognito ${stack.emulators.endpoints.cognito}
  Data            ${settings.dataDir}/ (kept across restarts; delete it to start over)

Try:
  curl -s -X POST ${base}/v1/auth/staff/login -H 'content-type: application/json' \\
    -d '{"username":"${settings.adminUsername}","password":"${settings.adminPassword}"}'

Press Ctrl-C to stop.`);
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping ...");
  server.close();
  await poller?.stop();
  await importPoller?.stop();
  await passwordResetPoller?.stop();
  await sweeper?.stop();
  await webhookPoller?.stop();
  await webhookSweeper?.stop();
  await stack.stop();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
