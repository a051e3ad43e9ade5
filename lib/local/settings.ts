import type { LocalStackOptions } from "./stack";

/** The local stack's settings from the environment, with the defaults the README documents. */
export function localSettings(
  env: NodeJS.ProcessEnv = process.env,
): LocalStackOptions & { host: string; port: number } {
  return {
    // Loopback unless asked otherwise: the stack runs with a well-known admin password.
    host: env.HOST || "127.0.0.1",
    port: numberFrom(env.PORT, 3000),
    dataDir: env.CLIENTELE_DATA_DIR ?? ".data",
    ports: {
      dynamodb: numberFrom(env.CLIENTELE_DYNAMODB_PORT, 8000),
      cognito: numberFrom(env.CLIENTELE_COGNITO_PORT, 9229),
      ses: numberFrom(env.CLIENTELE_SES_PORT, 8005),
    },
    companyName: env.CLIENTELE_COMPANY_NAME ?? "Acme Hosting",
    adminUsername: env.CLIENTELE_ADMIN_USERNAME ?? "admin",
    adminPassword: env.CLIENTELE_ADMIN_PASSWORD ?? "Clientele-Admin-1",
    adminEmail: env.CLIENTELE_ADMIN_EMAIL ?? "admin@clientele.localhost",
  };
}

function numberFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`Not a port number: ${value}`);
  return parsed;
}
