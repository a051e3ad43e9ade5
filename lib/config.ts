/** Typed configuration, read from the environment once per process. */
export interface Config {
  region: string;
  tableName: string;
  staffPool: PoolConfig;
  clientPool: PoolConfig;
  /** Base of the Cognito issuer URL; the pool id is appended. */
  cognitoIssuerBase: string;
  /** The pools' signing keys, packed (lib/identity/pool-keys.ts); empty: fetched on the first token. */
  poolKeys: string;
  fromAddress: string;
  signInUrl: string;
  cursorSecret: string;
  /** KMS key for custom-field envelope encryption; empty means a local key file is used. */
  fieldKeyId: string;
  fieldKeyFile: string;
  logLevel: string;
  signupLimits: SignupLimits;
  mail: MailSettings;
  webhooks: WebhookSettings;
}

/** Public signup attempts allowed per window, per source IP and per email address (each attempt counts). */
export interface SignupLimits {
  perIp: number;
  perEmail: number;
  /** Changes of a client's own email (which can change the username) through PATCH /v1/me, per client. */
  perClientEmailChanges: number;
  windowSeconds: number;
}

/** How the mailer retries, gives up, and takes over what it left behind. */
export interface MailSettings {
  /** Deliveries of one message (each with its own SES retries) before it is marked undeliverable. */
  maxAttempts: number;
  /** The wait after the first failed delivery; it doubles after each further one. */
  retrySeconds: number;
  /**
   * How long a delivery holds its claim: longer than a delivery can take (the mailer's Lambda timeout).
   * A claim older than this was left by a worker that died, and a pending message this old was missed
   * by the stream: the sweep delivers both.
   */
  leaseSeconds: number;
  /** How often the local stack sweeps (the cloud sweeps on a schedule, every 5 minutes). */
  localSweepSeconds: number;
}

/** How webhook deliveries are made, retried and given up (lib/webhooks). */
export interface WebhookSettings {
  /**
   * Lets endpoints use http://localhost and http://127.0.0.1 (and only those: every other private
   * address stays refused). For the local stack and the tests; the CDK stack never sets it.
   */
  allowLocalhost: boolean;
  /** One attempt's limit, connection to last byte read. */
  timeoutMs: number;
  /** The nominal wait after the first failed attempt; it doubles after each further one, with jitter. */
  retrySeconds: number;
  /** The longest wait between two attempts. */
  maxRetrySeconds: number;
  /** How long a delivery is retried before it is failed; an endpoint failing everything this long is disabled. */
  windowSeconds: number;
  /** How long an attempt holds its claim (well above `timeoutMs`): a claim older than this died with its worker. */
  leaseSeconds: number;
  /** How long a rotated-out secret keeps signing beside the new one. */
  secretOverlapSeconds: number;
  /** How often the local stack sweeps due deliveries (the cloud sweeps every minute). */
  localSweepSeconds: number;
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
    poolKeys: env.CLIENTELE_POOL_KEYS ?? "",
    fromAddress: env.CLIENTELE_FROM_ADDRESS ?? "no-reply@clientele.localhost",
    signInUrl: env.CLIENTELE_SIGNIN_URL ?? "http://localhost:3000/signin",
    cursorSecret: env.CLIENTELE_CURSOR_SECRET ?? "",
    fieldKeyId: env.CLIENTELE_FIELD_KEY_ID ?? "",
    fieldKeyFile: env.CLIENTELE_FIELD_KEY_FILE ?? "",
    logLevel: env.POWERTOOLS_LOG_LEVEL ?? "INFO",
    signupLimits: {
      perIp: positiveInteger(env.CLIENTELE_SIGNUP_LIMIT_PER_IP, 20),
      perEmail: positiveInteger(env.CLIENTELE_SIGNUP_LIMIT_PER_EMAIL, 5),
      perClientEmailChanges: positiveInteger(env.CLIENTELE_EMAIL_CHANGE_LIMIT_PER_CLIENT, 5),
      windowSeconds: positiveInteger(env.CLIENTELE_SIGNUP_LIMIT_WINDOW_SECONDS, 3600),
    },
    mail: {
      maxAttempts: positiveInteger(env.CLIENTELE_MAIL_MAX_ATTEMPTS, 8),
      retrySeconds: positiveNumber(env.CLIENTELE_MAIL_RETRY_SECONDS, 60),
      leaseSeconds: positiveNumber(env.CLIENTELE_MAIL_LEASE_SECONDS, 120),
      localSweepSeconds: positiveNumber(env.CLIENTELE_MAIL_SWEEP_SECONDS, 30),
    },
    webhooks: {
      allowLocalhost: env.CLIENTELE_WEBHOOKS_ALLOW_LOCALHOST === "true",
      timeoutMs: positiveNumber(env.CLIENTELE_WEBHOOK_TIMEOUT_SECONDS, 10) * 1000,
      retrySeconds: positiveNumber(env.CLIENTELE_WEBHOOK_RETRY_SECONDS, 60),
      maxRetrySeconds: positiveNumber(env.CLIENTELE_WEBHOOK_MAX_RETRY_SECONDS, 6 * 3600),
      windowSeconds: positiveNumber(env.CLIENTELE_WEBHOOK_RETRY_WINDOW_SECONDS, 3 * 24 * 3600),
      leaseSeconds: positiveNumber(env.CLIENTELE_WEBHOOK_LEASE_SECONDS, 60),
      secretOverlapSeconds: positiveNumber(env.CLIENTELE_WEBHOOK_SECRET_OVERLAP_SECONDS, 24 * 3600),
      localSweepSeconds: positiveNumber(env.CLIENTELE_WEBHOOK_SWEEP_SECONDS, 5),
    },
  };
}

/** A misspelt limit must not switch the limit off: anything but a positive integer keeps the default. */
function positiveInteger(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

/** Like positiveInteger, for durations that tests shorten below a second. */
function positiveNumber(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value !== undefined && value !== "" && Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}
