import * as z from "zod";
import { onFirstUse } from "./on-first-use";

const currencies = onFirstUse(() => new Set(Intl.supportedValuesOf("currency")));

/** An ISO 4217 currency code known to the runtime's ICU data. */
export const currencyCode = onFirstUse(() =>
  z
    .string()
    .regex(/^[A-Z]{3}$/, "Use an upper-case ISO 4217 code such as USD.")
    .refine((code) => currencies().has(code), "Not an ISO 4217 currency code."),
);

/** A well-formed BCP 47 language tag, kept in its canonical case (`en-GB`). */
export const languageTag = onFirstUse(() =>
  z
    .string()
    .min(2)
    .max(35)
    .refine(isLanguageTag, "Not a BCP 47 language tag (e.g. en, en-GB, pt-BR).")
    .transform((tag) => Intl.getCanonicalLocales(tag)[0]!),
);

function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}
