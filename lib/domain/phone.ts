import * as z from "zod";
import { PHONE_NUMBER } from "./input-rules";
import { onFirstUse } from "./on-first-use";

export const phoneInputSchema = onFirstUse(() =>
  z.strictObject({
    type: z.enum(["phone", "fax"]),
    location: z.enum(["home", "work"]),
    number: z
      .string()
      .trim()
      .min(PHONE_NUMBER.minLength)
      .max(PHONE_NUMBER.maxLength)
      .regex(PHONE_NUMBER.pattern, PHONE_NUMBER.message),
  }),
);

export type PhoneInput = z.output<ReturnType<typeof phoneInputSchema>>;

export interface Phone extends PhoneInput {
  e164: string | null;
}

/**
 * libphonenumber with its metadata (73 KiB minified) is imported by the requests that parse numbers (writes,
 * imports, duplicate search), so the bundles keep it in a chunk a cold start does not parse.
 */
const phoneParser = () => import("./phone-parser");

/** Keeps the number as entered and adds E.164 where it parses, reading local numbers in the client's country. */
export async function normalisePhones(phones: PhoneInput[], country: string): Promise<Phone[]> {
  const { e164Of } = await phoneParser();
  return phones.map((phone) => ({ ...phone, e164: e164Of(phone.number, country) }));
}

/** The first fax number, as entered. */
export function defaultFax(phones: Phone[]): string | null {
  return phones.find((p) => p.type === "fax")?.number ?? null;
}

/** The E.164 form of a number, reading a local number in `country`; null when it is not a possible number. */
export async function e164Of(number: string, country?: string): Promise<string | null> {
  return (await phoneParser()).e164Of(number, country);
}
