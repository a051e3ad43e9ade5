import { createHash, randomBytes } from "node:crypto";
import type { Audience } from "../domain/audience";
import { BusyError, InvalidTokenError } from "../errors/application-errors";
import {
  deleteOneTimeToken,
  findOneTimeToken,
  type OneTimeTokenRecord,
  oneTimeTokenRecords,
} from "../store/one-time-token-repository";
import { type TransactItem, tx } from "../store/transact";

/**
 * Single-use tokens for links in emails. A token is 32 random bytes (256 bits, base64url); the table keeps
 * only its SHA-256, so whoever reads the table (or a backup) holds no working link. A token works once,
 * until it expires, for its own purpose only, and only while it is the latest of its purpose issued to its
 * person: each issue overwrites the person's latest-token item (CO#<co>#TOKENS#<audience>#<id> /
 * LATEST#<purpose>) and a use must delete that item while it still names the token's hash. So a new reset
 * link kills the earlier ones, and a verification link for an old address dies with the next address.
 */
export const TOKEN_LIFETIME_SECONDS = {
  "password-reset": 30 * 60,
  "email-verification": 7 * 24 * 3600,
  "staff-invitation": 72 * 3600,
} as const;
export type TokenPurpose = keyof typeof TOKEN_LIFETIME_SECONDS;

export type OneTimeToken = OneTimeTokenRecord & { purpose: TokenPurpose };

export interface TokenRequest {
  purpose: TokenPurpose;
  companyId: string;
  audience: Audience;
  subjectId: string;
  /** For email verification: the SHA-256 of the address the link goes to; the token verifies only that address. */
  emailHash?: string;
  now?: Date;
}

export interface IssuedToken {
  /** The secret for the link; never stored, logged or returned by the API. */
  token: string;
  /** Put these in the same transaction as the outbox email carrying the token. */
  items: TransactItem[];
  /** The same items as plain table items, for a write that wraps its items itself (a client's finalize). */
  records: Record<string, unknown>[];
  expiresAt: Date;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Rounds of reading and deleting when DynamoDB refuses a transaction that raced another on the same token. */
const CONSUME_ROUNDS = 4;

const hashOf = (token: string) => createHash("sha256").update(token).digest("base64url");
const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

export function issueOneTimeToken({
  purpose,
  companyId,
  audience,
  subjectId,
  emailHash,
  now = new Date(),
}: TokenRequest): IssuedToken {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = epochSeconds(now) + TOKEN_LIFETIME_SECONDS[purpose];
  const record: OneTimeToken = {
    purpose,
    companyId,
    audience,
    subjectId,
    ...(emailHash === undefined ? {} : { emailHash }),
    createdAt: now.toISOString(),
    expiresAt,
  };
  const records = oneTimeTokenRecords(hashOf(token), record);
  return { token, items: records.map((item) => tx.put(item)), records, expiresAt: new Date(expiresAt * 1000) };
}

/** Which tokens a use accepts: one purpose or several, and optionally only one audience's. */
export type TokenExpectation =
  | TokenPurpose
  | readonly TokenPurpose[]
  | { purposes: readonly TokenPurpose[]; audience: Audience };

function expected(expectation: TokenExpectation): { purposes: readonly string[]; audience?: Audience } {
  if (typeof expectation === "string") return { purposes: [expectation] };
  return "purposes" in expectation ? expectation : { purposes: expectation };
}

/**
 * Uses a token up and returns what it stands for. Unknown, used, superseded, expired, other-purpose and
 * other-audience tokens all throw the same InvalidTokenError (`invalid-token`), and a token that does not
 * fit is left as it was; of concurrent uses exactly one succeeds.
 */
export async function consumeOneTimeToken(
  token: string,
  expectation: TokenExpectation,
  now = new Date(),
): Promise<OneTimeToken> {
  const { purposes, audience } = expected(expectation);
  if (!TOKEN_PATTERN.test(token)) throw invalidToken();
  const hash = hashOf(token);
  const nowSeconds = epochSeconds(now);
  for (let round = 0; round < CONSUME_ROUNDS; round++) {
    const record = await findOneTimeToken(hash, nowSeconds);
    if (!record || !purposes.includes(record.purpose) || (audience && record.audience !== audience)) {
      throw invalidToken();
    }
    const outcome = await deleteOneTimeToken(hash, record, nowSeconds);
    if (outcome === "deleted") return record as OneTimeToken;
    if (outcome === "gone") throw invalidToken();
  }
  throw new BusyError();
}

/** The one answer for every token that does not work, also for a token whose person is gone since. */
export const invalidToken = () =>
  new InvalidTokenError(
    "This link is not valid: it is unknown, was already used, was replaced by a newer one, or has expired. Ask for a new one.",
    "invalid-token",
  );
