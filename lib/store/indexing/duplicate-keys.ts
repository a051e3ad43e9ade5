import type { Client } from "../../domain/client";
import { APOSTROPHES, fold, words } from "./text";

/**
 * What makes two clients likely the same person: the same email address
 * (trimmed, without case), the same phone number (E.164), or the same full
 * name (folded: case and accents ignored, apostrophes dropped, other
 * punctuation a word break: "O'Brien-Smith" is "obrien smith"). Each value is an
 * index entry of the client, kept in the client's transactions, so a check
 * reads one key range per value and never scans the company.
 */
export const DUPLICATE_KINDS = ["email", "phone", "name"] as const;
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number];

export interface DuplicateKeys {
  email: string | null;
  phones: string[];
  name: string | null;
}

/**
 * Phones beyond the first few get no duplicate entry: a client may have 20,
 * and every entry is written in the client's transaction (at most 100 items).
 */
export const MAX_PHONE_DUPLICATE_KEYS = 5;
const MAX_VALUE_LENGTH = 200;

export const normalisedEmail = (email: string): string | null => fold(email.trim()).slice(0, MAX_VALUE_LENGTH) || null;

export const foldedFullName = (firstName: string, lastName: string): string | null =>
  words(`${firstName} ${lastName}`.replace(APOSTROPHES, "")).join(" ").slice(0, MAX_VALUE_LENGTH) || null;

export function duplicateKeys(
  client: Pick<Client, "email" | "phones" | "firstName" | "lastName" | "anonymisedAt">,
): DuplicateKeys {
  // Erased clients all look alike: they are nobody's duplicate.
  if (client.anonymisedAt) return { email: null, phones: [], name: null };
  const phones = [...new Set(client.phones.flatMap((phone) => (phone.e164 ? [phone.e164] : [])))];
  return {
    email: normalisedEmail(client.email),
    phones: phones.slice(0, MAX_PHONE_DUPLICATE_KEYS),
    name: foldedFullName(client.firstName, client.lastName),
  };
}

/** The (kind, value) pairs a client is filed under. */
export function duplicateValues(keys: DuplicateKeys): [DuplicateKind, string][] {
  return [
    ...(keys.email ? [["email", keys.email] as [DuplicateKind, string]] : []),
    ...keys.phones.map((phone): [DuplicateKind, string] => ["phone", phone]),
    ...(keys.name ? [["name", keys.name] as [DuplicateKind, string]] : []),
  ];
}

/** Whether a client with these keys has this value of this kind. */
export function hasDuplicateValue(keys: DuplicateKeys, kind: DuplicateKind, value: string): boolean {
  if (kind === "phone") return keys.phones.includes(value);
  return keys[kind] === value;
}
