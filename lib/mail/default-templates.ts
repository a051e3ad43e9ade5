import type { EmailTemplateContent, TemplateId } from "../domain/email-template";

/** The English templates every new company starts with; admins edit them per language. */
export const DEFAULT_TEMPLATES: Record<TemplateId, EmailTemplateContent> = {
  "account-registration": {
    subject: "Welcome to {{company.name}}, {{client.firstName}}",
    text: [
      "Hello {{client.firstName}} {{client.lastName}},",
      "",
      "Your {{company.name}} account is ready.",
      "",
      "Username: {{client.username}}",
      "Sign in at: {{signInUrl}}",
      "",
      "If you did not expect this email, you can ignore it.",
    ].join("\n"),
    html: [
      "<p>Hello {{client.firstName}} {{client.lastName}},</p>",
      "<p>Your {{company.name}} account is ready.</p>",
      "<p>Username: <strong>{{client.username}}</strong><br>",
      'Sign in at: <a href="{{signInUrl}}">{{signInUrl}}</a></p>',
      "<p>If you did not expect this email, you can ignore it.</p>",
    ].join("\n"),
  },
};
