import { randomInt } from "node:crypto";
import { PASSWORD_POLICY } from "./pools";

const LOWER = "abcdefghijkmnopqrstuvwxyz";
const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS = "23456789";
const SYMBOLS = "!#$%*+-=?@^_";
const GENERATED_LENGTH = 20;

/** What a person's password lacks against the pool policy; empty when it passes. */
export function passwordPolicyErrors(password: string): string[] {
  const errors: string[] = [];
  if (password.length < PASSWORD_POLICY.minimumLength)
    errors.push(`at least ${PASSWORD_POLICY.minimumLength} characters`);
  if (!/[a-z]/.test(password)) errors.push("a lower-case letter");
  if (!/[A-Z]/.test(password)) errors.push("an upper-case letter");
  if (!/[0-9]/.test(password)) errors.push("a digit");
  return errors;
}

export function passwordPolicyMessage(password: string): string | null {
  const missing = passwordPolicyErrors(password);
  return missing.length === 0 ? null : `The password needs ${missing.join(", ")}.`;
}

/** 20 characters with at least one from each of the four classes, from a CSPRNG, unambiguous glyphs only. */
export function generatePassword(): string {
  const classes = [LOWER, UPPER, DIGITS, SYMBOLS];
  const all = classes.join("");
  const chars = classes.map(pick);
  while (chars.length < GENERATED_LENGTH) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)]!;
}
