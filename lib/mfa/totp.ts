import { Secret, TOTP } from "otpauth";

/** RFC 6238 as every authenticator app does it: SHA-1, six digits, 30-second steps. */
const PERIOD_SECONDS = 30;
/** Codes of the step before and after count too: clocks drift and people type slowly. */
const WINDOW = 1;

const totpOf = (secretBase32: string, label = "", issuer = "") =>
  new TOTP({
    issuer,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });

/** A new 160-bit secret, base32 as apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUri(secretBase32: string, issuer: string, account: string): string {
  return totpOf(secretBase32, account, issuer).toString();
}

/** The time step the code belongs to (within the window around `now`), or null for a wrong code. */
export function matchingTimeStep(secretBase32: string, code: string, now = Date.now()): number | null {
  const delta = totpOf(secretBase32).validate({ token: code, timestamp: now, window: WINDOW });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}
