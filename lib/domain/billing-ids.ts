import { randomBytes } from "node:crypto";

/** Crockford-style base 32 in ascending character order, so ids compare like the times they encode. */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * An id that sorts by creation time (like a ULID): 10 characters of
 * milliseconds, then 12 random ones (60 bits). Billing records are keyed by
 * it, so a partition's records come back newest first straight from the key
 * order, and the key can be rebuilt from the id alone.
 */
export function timeOrderedId(prefix: string, now = Date.now()): string {
  let time = "";
  for (let rest = now, i = 0; i < 10; i++, rest = Math.floor(rest / 32)) time = ALPHABET[rest % 32] + time;
  let random = "";
  for (const byte of randomBytes(12)) random += ALPHABET[byte & 31];
  return `${prefix}_${time}${random}`;
}
