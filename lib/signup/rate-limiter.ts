import { createHash } from "node:crypto";
import { isIPv6 } from "node:net";
import { config } from "../config";
import { enforceAttemptLimits } from "../limits/attempt-limits";
import { keys } from "../store/keys";

export interface SignupAttempt {
  /** As API Gateway reports it; X-Forwarded-For is the caller's to forge and is never read. */
  sourceIp: string;
  email: string;
  username?: string;
}

/**
 * Counts the attempt against its source network and against each address it
 * probes, then refuses it (429) when any count is over its limit. Every attempt
 * counts, refused ones too. The username is counted like the email: otherwise
 * an enumerator could probe someone's address as a username under fresh emails.
 * The counters are the installation's, not a company's: usernames are unique
 * across companies, so each company would otherwise grant a prober a fresh budget.
 */
export async function enforceSignupLimits(attempt: SignupAttempt): Promise<void> {
  const { perIp, perEmail, windowSeconds } = config().signupLimits;
  const addresses = new Set([attempt.email, attempt.username ?? attempt.email].map((a) => a.trim().toLowerCase()));
  await enforceAttemptLimits(
    [
      { key: keys.signupAttempts(`ip#${sourceNetwork(attempt.sourceIp)}`), limit: perIp },
      ...[...addresses].map((address) => ({ key: keys.signupAttempts(`address#${digest(address)}`), limit: perEmail })),
    ],
    windowSeconds,
  );
}

/** Counters hold no readable address: a digest is enough to count, and expires with the window. */
function digest(address: string): string {
  return createHash("sha256").update(address).digest("base64url");
}

/**
 * One IPv4 address, or the /64 an IPv6 address belongs to: a single IPv6
 * subscriber usually holds a whole /64 and could otherwise rotate through it.
 */
export function sourceNetwork(ip: string): string {
  const mappedIPv4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mappedIPv4) return mappedIPv4;
  if (!isIPv6(ip)) return ip;
  const [head = "", tail] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}
