/**
 * Field rules that the API and the hosted pages (web/) both check, so that the
 * page never accepts what the API then refuses. No imports, on purpose: the
 * browser bundles this file as it is, without zod or libphonenumber-js.
 */

export const EMAIL = {
  maxLength: 254,
  /** zod's default email pattern (`z.regexes.email`, minus needless escapes), also given to `z.email()`. */
  pattern: /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/,
} as const;

/** A phone number is kept as entered (extension included); only its characters and length are checked. */
export const PHONE_NUMBER = {
  minLength: 3,
  maxLength: 64,
  pattern: /^[0-9+()./\s\-#*xXextEXT:]+$/,
  message: "Use digits, spaces, + ( ) - . and an extension such as ext. 12.",
} as const;

export const USERNAME = {
  minLength: 3,
  maxLength: 128,
  pattern: /^[^\s]+$/u,
  message: "A username has no spaces.",
} as const;

/** A custom field's pattern must match the whole value, not a part of it. */
export function customFieldPattern(regex: string): RegExp {
  return new RegExp(`^(?:${regex})$`, "u");
}
