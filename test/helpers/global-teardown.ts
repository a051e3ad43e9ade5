import { rmSync } from "node:fs";
import { secretsLeftBehind } from "./secrets-scan";

/** After every test file: no secret any of them used may be left in the table, a log or an email; then stop. */
export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { __clienteleStack?: { stop(): Promise<void> } }).__clienteleStack;
  try {
    const { secrets, places, found } = await secretsLeftBehind();
    if (found.length > 0) {
      throw new Error(
        `${found.length} secret(s) the tests used were stored, logged or emailed (of ${secrets} watched, in ${places} places):\n  ${found.join("\n  ")}`,
      );
    }
  } finally {
    await stack?.stop();
    const dataDir = process.env.CLIENTELE_TEST_DATA_DIR;
    // The run's log lines are only in this folder: CLIENTELE_TEST_KEEP_DATA=1 keeps it to read them.
    if (dataDir && process.env.CLIENTELE_TEST_KEEP_DATA === "1") console.info(`test data and logs kept in ${dataDir}`);
    else if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
