import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { resetConfig } from "../lib/config";
import type { PoolIds } from "../lib/local/bootstrap";
import { localSettings } from "../lib/local/settings";

/** Uses the emulators and pools that `npm start` created. */
export function pointAtLocalStack(): void {
  const settings = localSettings();
  const stateFile = join(settings.dataDir, "stack.json");
  if (!existsSync(stateFile)) {
    console.error(
      `No local stack in ${settings.dataDir}/: run \`npm start\` first, or set the CLIENTELE_* variables for AWS.`,
    );
    process.exit(1);
  }
  const pools = JSON.parse(readFileSync(stateFile, "utf8")) as PoolIds;
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? "local",
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? "local",
    AWS_ENDPOINT_URL_DYNAMODB: `http://localhost:${settings.ports.dynamodb}`,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `http://localhost:${settings.ports.cognito}`,
    CLIENTELE_STAFF_POOL_ID: pools.staffPoolId,
    CLIENTELE_STAFF_CLIENT_ID: pools.staffClientId,
    CLIENTELE_CLIENT_POOL_ID: pools.clientPoolId,
    CLIENTELE_CLIENT_CLIENT_ID: pools.clientClientId,
  });
  resetConfig();
}
