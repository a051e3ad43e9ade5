/** An email template as a company keeps it, per template and language. */
export interface EmailTemplateContent {
  subject: string;
  text: string;
  html: string;
}

export const TEMPLATE_IDS = [
  "account-registration",
  "password-reset",
  "email-verification",
  "staff-invitation",
  "webhook-disabled",
] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];
