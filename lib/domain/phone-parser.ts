import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/core";
// libphonenumber's `min` metadata without its number formats (scripts/lean-tables.ts): we parse, never format.
import { PHONE_METADATA } from "./phone-metadata";

/**
 * The E.164 form of a number, reading a local number in `country`; null when it is not a possible number.
 * Imported on demand only (lib/domain/phone.ts), so that libphonenumber stays off the cold start.
 */
export function e164Of(number: string, country?: string): string | null {
  const parsed = parsePhoneNumberFromString(
    number,
    { defaultCountry: country as CountryCode | undefined },
    PHONE_METADATA,
  );
  return parsed?.isPossible() ? parsed.number : null;
}
