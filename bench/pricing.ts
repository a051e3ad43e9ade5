/**
 * Public AWS list prices for us-east-1 (N. Virginia), arm64, in US dollars.
 * Each one has its source and the day it was read in PRICE_SOURCES below:
 * "aws" when an AWS page or document said it, "secondary" when only a dated
 * third-party page quoting the AWS price could be read (the stored copies of
 * the AWS pricing pages render their tables with scripts, so their text lacks
 * the numbers), "unverified" when no source was found. Prices change: check
 * https://aws.amazon.com/<service>/pricing/ before relying on them. Free tiers
 * are left out (they are per account and shared with whatever else runs
 * there), except Cognito's, which is part of the per-pool price.
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
    /**
     * Custom metrics (the embedded metric format's included), per
     * metric-month, first 10,000; billed by the hour, only for hours the metric is published.
     */
    perCustomMetricMonth: 0.3,
    /** Standard-resolution alarm, per metric it evaluates, per month. */
    perAlarmMetricMonth: 0.1,
    /** Dashboards beyond the account's first 3 (of at most 50 metrics each), per month. */
    perDashboardMonth: 3.0,
  },
  kms: {
    perKeyMonth: 1.0,
    /** Each automatic rotation adds one backing key at this price, for the first two rotations only. */
    perRotationMonth: 1.0,
    billedRotations: 2,
  },
  secretsManager: { perSecretMonth: 0.4 },
} as const;

export interface PriceSource {
  status: "aws" | "secondary" | "unverified";
  url: string;
  read: string;
  /** What the source says, where it is not simply the price. */
  note?: string;
}

const READ = "2026-11-28";
const aws = (url: string, note?: string): PriceSource => ({
  status: "aws",
  url,
  read: READ,
  ...(note ? { note } : {}),
});
const secondary = (url: string, note: string): PriceSource => ({ status: "secondary", url, read: READ, note });
const unverified = (url: string, note: string): PriceSource => ({ status: "unverified", url, read: READ, note });

/** Where each price of PRICES was read, and how far that source can be trusted: one entry per price. */
export const PRICE_SOURCES: { [S in keyof typeof PRICES]: { [P in keyof (typeof PRICES)[S]]: PriceSource } } = {
  dynamodb: {
    perMillionWriteUnits: secondary(
      "https://airbyte.com/data-engineering-resources/dynamodb-pricing",
      "on demand, US East: $0.625 per million WRU (the stored aws.amazon.com/dynamodb/pricing/ copy is an old provisioned-only page)",
    ),
    perMillionReadUnits: secondary(
      "https://airbyte.com/data-engineering-resources/dynamodb-pricing",
      "on demand, US East: $0.125 per million RRU",
    ),
    perGbMonthStored: unverified(
      "https://aws.amazon.com/dynamodb/pricing/on-demand/",
      "no readable source found; kept as the table-class storage rate known before",
    ),
    perGbMonthPitr: unverified("https://aws.amazon.com/dynamodb/pricing/on-demand/", "no readable source found"),
  },
  lambda: {
    perGbSecondArm: secondary(
      "https://cloudchipr.com/blog/aws-lambda-pricing",
      "US East, Arm: first 7.5 billion GB-seconds $0.0000133334 per GB-second",
    ),
    perMillionRequests: secondary(
      "https://git.mcrn.ar/mariano/lambda_local_runner/src/commit/957e45b8adae23ce50b966346229585b5df18b4d/docs/lambdas-md/lambda-13-cost.md",
      "requests $0.20 per 1M, x86_64 and arm64 alike",
    ),
  },
  httpApi: {
    perMillionRequests: aws(
      "https://docs.aws.amazon.com/pt_br/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html",
      "AWS whitepaper, Table 4: HTTP API calls (us-east-1) first 300 million $1.00 per million, then $0.90",
    ),
  },
  cognito: {
    essentialsFreeMau: secondary(
      "https://c3x.dev/resources/aws/aws_cognito_user_pool/",
      "Essentials bills MAU above 10,000 free; the stored AWS page copies (de, jp) predate the feature plans and say 50,000",
    ),
    essentialsPerMau: unverified(
      "https://aws.amazon.com/cognito/pricing/",
      "no readable source gave the Essentials rate per MAU",
    ),
    plusPerMau: unverified("https://aws.amazon.com/cognito/pricing/", "no readable source gave the Plus rate per MAU"),
  },
  ses: {
    perThousandEmails: secondary(
      "https://www.acecloudinterviews.com/tutorials/aws/ses/",
      "'starting at $0.10 per thousand emails'; a 2019 SES bill quoted on superuser.com shows the same rate",
    ),
  },
  cloudwatch: {
    perGbLogsIngested: secondary(
      "https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/",
      "dated 2026-06-13: Logs ingestion $0.50/GB",
    ),
    perCustomMetricMonth: secondary(
      "https://signoz.io/guides/cloudwatch-pricing",
      "updated 2026-02-15: $0.30/month per metric for the first 10,000",
    ),
    perAlarmMetricMonth: secondary(
      "https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm",
      "standard resolution $0.10 per alarm-month",
    ),
    perDashboardMonth: secondary(
      "https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/",
      "dashboards at $3 each; aws.amazon.com/cloudwatch/pricing/ (read) frees 3 dashboards of up to 50 metrics each, and ours has more",
    ),
  },
  kms: {
    perKeyMonth: aws("https://aws.amazon.com/kms/pricing/", "'Each AWS KMS key that you create in KMS costs $1/month'"),
    perRotationMonth: aws(
      "https://aws.amazon.com/kms/pricing/",
      "'If you enable automatic key rotation, each newly generated backing key costs an additional $1/month'",
    ),
    billedRotations: aws(
      "https://sysops.app/aws-news/474.html",
      "copy of the AWS Security Blog post of April 2024: the price of a symmetric key stops growing after its second rotation",
    ),
  },
  secretsManager: {
    perSecretMonth: secondary(
      "https://hivebook.wiki/wiki/aws-secrets-manager-rotated-secrets-dynamic-db-credentials-kms",
      "'$0.40 per secret per month + $0.05 per 10k API calls' (aws.amazon.com/secrets-manager/pricing/ not found)",
    ),
  },
};

/**
 * What the peers charge for a licence, as their own pages say, with the day
 * they were read. Only what could be read is given; the rest says so.
 */
export const PEER_PRICES = [
  {
    product: "WHMCS",
    read: "2026-11-28",
    source:
      "whmcs.com knowledgebase 285 'Client Limit Approaching for Web Host Licenses' (https://www.whmcs.com/members/index.php/knowledgebase/285/Client-Limit-Approaching-for-Web-Host-Licenses.html)",
    prices: "Professional (251–500 active clients) $15/mo; Business (501+ active clients) from $35.95/mo",
    note: "web-host licence tiers. Knowledgebase 281 'Pricing Changes FAQ' lists the direct tiers of its 2016 change: up to 250 active clients $15.95/mo ($18.95 unbranded), 250–1,000 $24.95/mo, 1,001+ $39.95/mo; the current price list (whmcs.com/pricing) could not be read",
  },
  {
    product: "Blesta",
    read: "2026-11-28",
    source: "docs.blesta.com 'Support and Updates' (https://docs.blesta.com/display/support/Support+and+Updates)",
    prices: "monthly licence price not verified; owned licences renew support and updates at $39/year",
    note: "blesta.com/pricing could not be read: no stored copy gives the monthly licence price",
  },
] as const;
