import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalStack } from "../../lib/local/stack";
import { TEST_ADMIN } from "./constants";

/** Starts the emulators once for the whole run, on free ports with a fresh data folder. */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "clientele-test-"));
  const [dynamodb, cognito, ses] = await Promise.all([freePort(), freePort(), freePort()]);
  const stack = await startLocalStack({
    dataDir,
    ports: { dynamodb: dynamodb!, cognito: cognito!, ses: ses! },
    companyName: "Test Company",
    adminUsername: TEST_ADMIN.username,
    adminPassword: TEST_ADMIN.password,
    adminEmail: "admin@test.localhost",
  });
  // Workers inherit this environment, and so reach the same emulators.
  Object.assign(process.env, stack.env, {
    CLIENTELE_TEST_COMPANY_ID: stack.companyId,
    CLIENTELE_TEST_DATA_DIR: dataDir,
    // Every log line is written, to a file per worker (setup-each-file.ts), and searched for secrets at the end.
    POWERTOOLS_LOG_LEVEL: "DEBUG",
    // A failed delivery is retried after 0.2 s, 0.4 s, ... instead of a minute: tests wait for retries.
    CLIENTELE_MAIL_RETRY_SECONDS: process.env.CLIENTELE_MAIL_RETRY_SECONDS ?? "0.2",
    // Emails of test files that run no mailer stay pending, and with a lease longer than the run they
    // never become due: each file's sweeper then reads only its own due messages, not every file's.
    CLIENTELE_MAIL_LEASE_SECONDS: process.env.CLIENTELE_MAIL_LEASE_SECONDS ?? "3600",
  });
  (globalThis as { __clienteleStack?: typeof stack }).__clienteleStack = stack;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
