import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** An opaque id with a readable prefix (`cl_…`, `grp_…`): 20 base-32 characters, 100 random bits. */
export function newId(prefix: string): string {
  const bytes = randomBytes(20);
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return `${prefix}_${out}`;
}

/** Ids are only ever letters, digits, `_` and `-`: anything else cannot name one of ours. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
