import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/core";
import * as z from "zod";
import { PHONE_NUMBER } from "./input-rules";
// libphonenumber's `min` metadata without its number formats (scripts/lean-tables.ts): we parse, never format.
import { PHONE_METADATA } from "./phone-metadata";

export const phoneInputSchema = z.strictObject({
  type: z.enum(["phone", "fax"]),
  location: z.enum(["home", "work"]),
  number: z
    .string()
    .trim()
    .min(PHONE_NUMBER.minLength)
    .max(PHONE_NUMBER.maxLength)
    .regex(PHONE_NUMBER.pattern, PHONE_NUMBER.message),
});

export type PhoneInput = z.output<typeof phoneInputSchema>;

export interface Phone extends PhoneInput {
  e164: string | null;
}

/** Keeps the number as entered and adds E.164 where it parses, reading local numbers in the client's country. */
export function normalisePhones(phones: PhoneInput[], country: string): Phone[] {
  return phones.map((phone) => ({ ...phone, e164: e164Of(phone.number, country) }));
}

/** The first fax number, as entered. */
export function defaultFax(phones: Phone[]): string | null {
  return phones.find((p) => p.type === "fax")?.number ?? null;
}

/** The E.164 form of a number, reading a local number in `country`; null when it is not a possible number. */
export function e164Of(number: string, country?: string): string | null {
  const parsed = parsePhoneNumberFromString(
    number,
    { defaultCountry: country as CountryCode | undefined },
    PHONE_METADATA,
  );
  return parsed?.isPossible() ? parsed.number : null;
}
