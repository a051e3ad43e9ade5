import { Annotations } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";

/**
 * Deployment settings, all from CDK context (`-c key=value` or cdk.json), never
 * from lookups, so `cdk synth` runs offline and the stack stays env-agnostic.
 */
export interface Settings {
  /** SES domain identity (`-c domain=example.com`); DKIM records are output for DNS. */
  domain: string | undefined;
  /** The From address of every email (`-c fromAddress=no-reply@example.com`). */
  fromAddress: string;
  /** Origin allowed by CORS for a signup form hosted elsewhere; undefined: the form is served same-origin. */
  signupOrigin: string | undefined;
  /** Where the registration email tells clients to sign in; undefined: `<api url>/signin`. */
  signInUrl: string | undefined;
  /** Address subscribed to the alarm topic, if any. */
  alarmEmail: string | undefined;
  /** Stage-wide API Gateway throttling (requests per second, burst). */
  throttle: { rateLimit: number; burstLimit: number };
  logRetention: RetentionDays;
  /** Signup rate limits (api.md: configurable) given in context, as the variables lib/config.ts reads. */
  signupLimitsEnvironment: Record<string, string>;
}

export const CONTEXT_KEYS = [
  "domain",
  "fromAddress",
  "signupOrigin",
  "signInUrl",
  "alarmEmail",
  "throttleRate",
  "throttleBurst",
  "logRetentionDays",
  "signupLimitPerIp",
  "signupLimitPerEmail",
  "signupLimitWindowSeconds",
  "emailChangeLimitPerClient",
] as const;

const SIGNUP_LIMITS = {
  signupLimitPerIp: "CLIENTELE_SIGNUP_LIMIT_PER_IP",
  signupLimitPerEmail: "CLIENTELE_SIGNUP_LIMIT_PER_EMAIL",
  signupLimitWindowSeconds: "CLIENTELE_SIGNUP_LIMIT_WINDOW_SECONDS",
  emailChangeLimitPerClient: "CLIENTELE_EMAIL_CHANGE_LIMIT_PER_CLIENT",
} as const;

/** Used when neither `domain` nor `fromAddress` is given, so that synth works; deploying with it sends nothing. */
export const PLACEHOLDER_FROM = "no-reply@example.com";

const EMAIL = /^[^\s@]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$/;
const DOMAIN = /^([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$/;

export function readSettings(scope: Construct): Settings {
  const text = (key: (typeof CONTEXT_KEYS)[number]): string | undefined => {
    const value = scope.node.tryGetContext(key);
    if (value === undefined || value === null || value === "") return undefined;
    return String(value).trim();
  };
  const number = (key: (typeof CONTEXT_KEYS)[number], fallback: number): number => {
    const raw = text(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) fail(scope, `Context ${key} must be a positive number, got "${raw}".`);
    return value;
  };

  const domain = text("domain")?.toLowerCase();
  if (domain !== undefined && !DOMAIN.test(domain)) fail(scope, `Context domain "${domain}" is not a domain name.`);
  let fromAddress = text("fromAddress") ?? (domain ? `no-reply@${domain}` : undefined);
  if (fromAddress === undefined) {
    Annotations.of(scope).addWarningV2(
      "clientele:no-sender",
      `No -c domain=... or -c fromAddress=... given: emails would be sent from ${PLACEHOLDER_FROM}, which SES will refuse. Set one before deploying.`,
    );
    fromAddress = PLACEHOLDER_FROM;
  }
  if (!EMAIL.test(fromAddress)) fail(scope, `Context fromAddress "${fromAddress}" is not an email address.`);
  if (domain && !fromAddress.toLowerCase().endsWith(`@${domain}`)) {
    fail(scope, `fromAddress ${fromAddress} is not in the SES domain ${domain}; SES would refuse to send from it.`);
  }

  const signupOrigin = text("signupOrigin");
  if (signupOrigin !== undefined && !/^https?:\/\/[^/\s]+$/.test(signupOrigin)) {
    fail(scope, `Context signupOrigin must be an origin like https://example.com (no path), got "${signupOrigin}".`);
  }
  const signInUrl = text("signInUrl");
  if (signInUrl !== undefined && !/^https?:\/\/\S+$/.test(signInUrl)) {
    fail(scope, `Context signInUrl must be an http(s) URL, got "${signInUrl}".`);
  }
  const alarmEmail = text("alarmEmail");
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail))
    fail(scope, `Context alarmEmail "${alarmEmail}" is invalid.`);

  const days = number("logRetentionDays", RetentionDays.ONE_MONTH);
  if (!Object.values(RetentionDays).includes(days)) {
    fail(
      scope,
      `Context logRetentionDays must be one CloudWatch accepts (1, 3, 5, 7, 14, 30, 60, 90, ...), got ${days}.`,
    );
  }

  const signupLimitsEnvironment: Record<string, string> = {};
  for (const [key, variable] of Object.entries(SIGNUP_LIMITS) as [keyof typeof SIGNUP_LIMITS, string][]) {
    if (text(key) === undefined) continue;
    const value = number(key, 0);
    if (!Number.isInteger(value)) fail(scope, `Context ${key} must be a whole number, got ${value}.`);
    signupLimitsEnvironment[variable] = String(value);
  }

  return {
    domain,
    fromAddress,
    signupOrigin,
    signInUrl,
    alarmEmail,
    throttle: { rateLimit: number("throttleRate", 100), burstLimit: number("throttleBurst", 200) },
    logRetention: days as RetentionDays,
    signupLimitsEnvironment,
  };
}

function fail(scope: Construct, message: string): never {
  throw new Error(`${scope.node.path}: ${message}`);
}
