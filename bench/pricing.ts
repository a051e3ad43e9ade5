/**
 * Public AWS list prices for us-east-1 (N. Virginia), arm64, in US dollars,
 * as published on the AWS pricing pages, read 2026-11-28. The DynamoDB,
 * Lambda and Cognito numbers were checked that day against copies of their
 * pricing pages; HTTP API, SES, CloudWatch, KMS and Secrets Manager are the
 * rates those pages have listed since their last change. Prices change:
 * check https://aws.amazon.com/<service>/pricing/ before relying on them.
 * Free tiers are left out (they are per account and shared with whatever
 * else runs there), except Cognito's, which is part of the per-pool price.
 */
export const PRICES_READ_ON = "2026-11-28";
export const PRICES_REGION = "us-east-1";

export const PRICES = {
  dynamodb: {
    /** On demand, per million write request units (standard table class). */
    perMillionWriteUnits: 0.625,
    /** On demand, per million read request units. */
    perMillionReadUnits: 0.125,
    /** Storage per GB-month (standard table class), and continuous backups (PITR) per GB-month. */
    perGbMonthStored: 0.25,
    perGbMonthPitr: 0.2,
  },
  lambda: {
    /** arm64, first 7.5 billion GB-seconds a month. */
    perGbSecondArm: 0.0000133334,
    perMillionRequests: 0.2,
  },
  httpApi: {
    /** HTTP API, first 300 million requests a month. */
    perMillionRequests: 1.0,
  },
  cognito: {
    /** Essentials (the client pool): the first 10,000 MAU of the account are free, then per MAU. */
    essentialsFreeMau: 10_000,
    essentialsPerMau: 0.015,
    /** Plus (the staff pool, for threat protection): no free tier. */
    plusPerMau: 0.02,
  },
  ses: {
    /** Outbound email, per 1,000 messages (sent from Lambda, no EC2 allowance). */
    perThousandEmails: 0.1,
  },
  cloudwatch: {
    /** Logs ingested (standard class), per GB; storage is left out (30-day retention keeps it small). */
    perGbLogsIngested: 0.5,
    /** Custom metrics (embedded metric format included), per metric-month, first 10,000. */
    perCustomMetricMonth: 0.3,
    /** Standard-resolution alarm, per metric it evaluates, per month. */
    perAlarmMetricMonth: 0.1,
    /** Dashboards beyond the account's first 3, per month. */
    perDashboardMonth: 3.0,
  },
  kms: { perKeyMonth: 1.0 },
  secretsManager: { perSecretMonth: 0.4 },
} as const;

/**
 * What the peers charge for a licence, as their own pages say, with the day
 * they were read. Only what could be read is given; the rest says so.
 */
export const PEER_PRICES = [
  {
    product: "WHMCS",
    read: "2026-11-28",
    source: "whmcs.com knowledgebase 285, 'Client Limit Approaching for Web Host Licenses'",
    prices: "Professional (251–500 active clients) $15/mo; Business (501+ active clients) from $35.95/mo",
    note: "web-host licence tiers; the current direct price list (whmcs.com/pricing) was not verified",
  },
  {
    product: "Blesta",
    read: "2026-11-28",
    source: "docs.blesta.com 'Support and Updates'",
    prices: "monthly licence price not verified; owned licences renew support and updates at $39/year",
    note: "blesta.com/pricing could not be read",
  },
] as const;
