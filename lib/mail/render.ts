import type { EmailTemplateContent } from "../domain/email-template";

/** The only placeholders a template may use: nothing else of the client is reachable from a template. */
export const PLACEHOLDERS = [
  "client.firstName",
  "client.lastName",
  "client.username",
  "company.name",
  "signInUrl",
  /** The password-reset email's link (empty in other emails). */
  "resetPasswordUrl",
  /** The email-verification email's (and the registration email's) link to confirm the address. */
  "verifyEmailUrl",
  /** The staff invitation's link to set the first password (empty in other emails). */
  "acceptInvitationUrl",
  /** The endpoint a webhook-disabled email (to the company's admins) is about. */
  "webhookUrl",
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Record<Placeholder, string>;

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** The placeholders a template text uses that are not allowed. */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)]
    .map((m) => m[1]!)
    .filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const fill = (text: string, values: TemplateValues, encode: (v: string) => string) =>
  text.replace(PLACEHOLDER, (_, name: string) => encode(values[name as Placeholder] ?? ""));

/** Renders subject and text as plain text, and the HTML part with every value HTML-escaped. */
export function renderTemplate(template: EmailTemplateContent, values: TemplateValues): EmailTemplateContent {
  const plain = (v: string) => v.replace(/[\r\n]+/g, " ");
  return {
    subject: fill(template.subject, values, plain),
    text: fill(template.text, values, (v) => v),
    html: fill(template.html, values, escapeHtml),
  };
}
