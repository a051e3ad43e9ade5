/** Typed configuration, read from the environment once per process. */
export interface Config {
  region: string;
  tableName: string;
  staffPool: PoolConfig;
  clientPool: PoolConfig;
  /** Base of the Cognito issuer URL; the pool id is appended. */
  cognitoIssuerBase: string;
  fromAddress: string;
  signInUrl: string;
  cursorSecret: string;
  /** KMS key for custom-field envelope encryption; empty means a local key file is used. */
  fieldKeyId: string;
  fieldKeyFile: string;
  logLevel: string;
  signupLimits: SignupLimits;
}

/** Public signup attempts allowed per window, per source IP and per email address (each attempt counts). */
export interface SignupLimits {
  perIp: number;
  perEmail: number;
  windowSeconds: number;
}

export interface PoolConfig {
  userPoolId: string;
  appClientId: string;
}

let cached: Config | undefined;

export function config(): Config {
  cached ??= readConfig(process.env);
  return cached;
}

/** Forgets the cached configuration, for processes that change their environment at start-up. */
export function resetConfig(): void {
  cached = undefined;
}

export function readConfig(env: NodeJS.ProcessEnv): Config {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
  return {
    region,
    tableName: env.CLIENTELE_TABLE_NAME ?? "clientele",
    staffPool: {
      userPoolId: env.CLIENTELE_STAFF_POOL_ID ?? "",
      appClientId: env.CLIENTELE_STAFF_CLIENT_ID ?? "",
    },
    clientPool: {
      userPoolId: env.CLIENTELE_CLIENT_POOL_ID ?? "",
      appClientId: env.CLIENTELE_CLIENT_CLIENT_ID ?? "",
    },
    cognitoIssuerBase: env.CLIENTELE_COGNITO_ISSUER_BASE ?? `https://cognito-idp.${region}.amazonaws.com`,
    fromAddress: env.CLIENTELE_FROM_ADDRESS ?? "no-reply@clientele.localhost",
    signInUrl: env.CLIENTELE_SIGNIN_URL ?? "http://localhost:3000/signin",
    cursorSecret: env.CLIENTELE_CURSOR_SECRET ?? "",
    fieldKeyId: env.CLIENTELE_FIELD_KEY_ID ?? "",
    fieldKeyFile: env.CLIENTELE_FIELD_KEY_FILE ?? "",
    logLevel: env.POWERTOOLS_LOG_LEVEL ?? "INFO",
    signupLimits: {
      perIp: positiveInteger(env.CLIENTELE_SIGNUP_LIMIT_PER_IP, 20),
      perEmail: positiveInteger(env.CLIENTELE_SIGNUP_LIMIT_PER_EMAIL, 5),
      windowSeconds: positiveInteger(env.CLIENTELE_SIGNUP_LIMIT_WINDOW_SECONDS, 3600),
    },
  };
}

/** A misspelt limit must not switch the limit off: anything but a positive integer keeps the default. */
function positiveInteger(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}
