import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { config, resetConfig } from "../config";
import { POOL_KEYS_ENV, readPoolKeys } from "../identity/pool-keys";
import { ensureInstallation, ensurePools, ensureTable, stateFilePath } from "./bootstrap";
import { type EmulatorPorts, type RunningEmulators, startEmulators } from "./emulators";

export interface LocalStackOptions {
  dataDir: string;
  ports: EmulatorPorts;
  companyName: string;
  adminUsername: string;
  adminPassword: string;
  adminEmail: string;
}

export interface LocalStack {
  emulators: RunningEmulators;
  companyId: string;
  /** The environment a process needs to use this stack, as the Lambda functions get it in the cloud. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts the emulators, creates whatever is missing, and points this process's AWS clients at them. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const emulators = await startEmulators(dataDir, options.ports);
  try {
    const env = emulatorEnv(emulators, dataDir);
    Object.assign(process.env, env);
    resetConfig();
    const awsClientOptions = { region: env.AWS_REGION };
    await ensureTable(new DynamoDBClient(awsClientOptions), config().tableName);
    const pools = await ensurePools(new CognitoIdentityProviderClient(awsClientOptions), stateFilePath(dataDir));
    const poolEnv = {
      CLIENTELE_STAFF_POOL_ID: pools.staffPoolId,
      CLIENTELE_STAFF_CLIENT_ID: pools.staffClientId,
      CLIENTELE_CLIENT_POOL_ID: pools.clientPoolId,
      CLIENTELE_CLIENT_CLIENT_ID: pools.clientClientId,
    };
    Object.assign(process.env, poolEnv);
    resetConfig();
    // Read here, in Node: aws-jwt-verify refuses to fetch the JWKS the emulator serves over plain http.
    const keyEnv = { [POOL_KEYS_ENV]: await readPoolKeys([pools.staffPoolId, pools.clientPoolId]) };
    Object.assign(process.env, keyEnv);
    Object.assign(env, poolEnv, keyEnv);
    resetConfig();
    const companyId = await ensureInstallation(options);
    return { emulators, companyId, env, stop: () => emulators.stop() };
  } catch (error) {
    await emulators.stop();
    throw error;
  }
}

function emulatorEnv(emulators: RunningEmulators, dataDir: string): Record<string, string> {
  return {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL_DYNAMODB: emulators.endpoints.dynamodb,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emulators.endpoints.cognito,
    AWS_ENDPOINT_URL_SES: emulators.endpoints.ses,
    CLIENTELE_TABLE_NAME: process.env.CLIENTELE_TABLE_NAME ?? "clientele",
    CLIENTELE_COGNITO_ISSUER_BASE: emulators.endpoints.cognito,
    CLIENTELE_CURSOR_SECRET: localSecret(join(dataDir, "cursor-secret")),
    CLIENTELE_FIELD_KEY_FILE: join(dataDir, "field-key"),
  };
}

/** A random secret kept under the data folder, so cursors stay valid across restarts. */
function localSecret(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}
