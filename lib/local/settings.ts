import type { LocalStackOptions } from "./stack";

export interface LocalSettings extends LocalStackOptions {
  port: number;
  /** The interface the server listens on: loopback unless HOST says otherwise (the admin password is well known). */
  host: string;
}

/** The local stack's settings from the environment, with the defaults the README documents. */
export function localSettings(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  return {
    port: numberFrom(env.PORT, 3000),
    host: env.HOST || "127.0.0.1",
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

const EVERY_INTERFACE = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * Where a browser reaches the local server: the host it listens on (localhost
 * when that is every interface) and the port it really got, which differs from
 * PORT when PORT is 0.
 */
export function localBaseUrl(host: string, port: number): string {
  const name = EVERY_INTERFACE.has(host) ? "localhost" : host;
  return `http://${name.includes(":") && !name.startsWith("[") ? `[${name}]` : name}:${port}`;
}

/** Where emails send clients to sign in: the installation's own page when it names one, else this server's /signin. */
export function localSignInUrl(env: NodeJS.ProcessEnv, baseUrl: string): string {
  return env.CLIENTELE_SIGNIN_URL || `${baseUrl}/signin`;
}

function numberFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`Not a port number: ${value}`);
  return parsed;
}
