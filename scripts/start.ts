import { localFunctions } from "../functions/local";
import { handler as mailer } from "../functions/mailer";
import { config } from "../lib/config";
import { createLocalServer } from "../lib/local/http-server";
import { startOutboxSweeper } from "../lib/local/outbox-sweeper";
import { localSettings } from "../lib/local/settings";
import { startLocalStack } from "../lib/local/stack";
import { startStreamPoller } from "../lib/local/stream-poller";
import { matchesOutboxFilter } from "../lib/mail/stream-filter";

const settings = localSettings();
console.log(`Starting DynamoDB Local, cognito-local and aws-ses-v2-local (data in ${settings.dataDir}/) ...`);
const started = Date.now();
const stack = await startLocalStack(settings).catch((error: Error) => {
  console.error(`\nCould not start the local stack: ${error.message}`);
  process.exit(1);
});
// The mailer runs as it does in the cloud: fed by the table's stream, filtered to outbox items.
const poller = await startStreamPoller({ filter: matchesOutboxFilter, handler: mailer });
// And the sweep that retries deferred emails and takes over dead deliveries, on a timer instead of a schedule.
const sweeper = startOutboxSweeper({ intervalMs: config().mail.localSweepSeconds * 1000 });
const server = createLocalServer(localFunctions);
server.on("error", async (error) => {
  console.error(
    `\nCould not listen on ${settings.host} port ${settings.port}: ${error.message}. Set PORT to a free port (HOST to an address of this machine).`,
  );
  await stack.stop();
  process.exit(1);
});
server.listen(settings.port, settings.host, () => {
  const base = `http://${hostInUrl(settings.host)}:${settings.port}`;
  console.log(`
Clientele is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

  API             ${base}/v1
  API reference   ${base}/docs   (OpenAPI: ${base}/openapi.json)
  Signup form     ${base}/signup
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

/** The address to type: a wildcard one (every interface) is reached here through localhost. */
function hostInUrl(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping ...");
  server.close();
  await poller.stop();
  await sweeper.stop();
  await stack.stop();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
