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
      "Please confirm your email address: {{verifyEmailUrl}}",
      "",
      "If you did not expect this email, you can ignore it.",
    ].join("\n"),
    html: [
      "<p>Hello {{client.firstName}} {{client.lastName}},</p>",
      "<p>Your {{company.name}} account is ready.</p>",
      "<p>Username: <strong>{{client.username}}</strong><br>",
      'Sign in at: <a href="{{signInUrl}}">{{signInUrl}}</a></p>',
      '<p>Please <a href="{{verifyEmailUrl}}">confirm your email address</a>.</p>',
      "<p>If you did not expect this email, you can ignore it.</p>",
    ].join("\n"),
  },
  "password-reset": {
    subject: "Reset your {{company.name}} password",
    text: [
      "Hello {{client.firstName}},",
      "",
      "Someone (we hope you) asked to reset the password of your {{company.name}} account ({{client.username}}).",
      "Choose a new password here within 30 minutes:",
      "",
      "{{resetPasswordUrl}}",
      "",
      "The link works once. If you did not ask for it, ignore this email: your password stays as it is.",
    ].join("\n"),
    html: [
      "<p>Hello {{client.firstName}},</p>",
      "<p>Someone (we hope you) asked to reset the password of your {{company.name}} account ({{client.username}}).</p>",
      '<p><a href="{{resetPasswordUrl}}">Choose a new password</a> within 30 minutes.</p>',
      "<p>The link works once. If you did not ask for it, ignore this email: your password stays as it is.</p>",
    ].join("\n"),
  },
  "email-verification": {
    subject: "Confirm your email address for {{company.name}}",
    text: [
      "Hello {{client.firstName}},",
      "",
      "Please confirm that this is the email address of your {{company.name}} account:",
      "",
      "{{verifyEmailUrl}}",
      "",
      "If you did not expect this email, you can ignore it.",
    ].join("\n"),
    html: [
      "<p>Hello {{client.firstName}},</p>",
      "<p>Please confirm that this is the email address of your {{company.name}} account:</p>",
      '<p><a href="{{verifyEmailUrl}}">Confirm my email address</a></p>',
      "<p>If you did not expect this email, you can ignore it.</p>",
    ].join("\n"),
  },
  "staff-invitation": {
    subject: "You are invited to the {{company.name}} team",
    text: [
      "Hello {{client.firstName}},",
      "",
      "You are invited to join the staff of {{company.name}}. Your username is {{client.username}}.",
      "Choose your password here within 72 hours:",
      "",
      "{{acceptInvitationUrl}}",
      "",
      "The link works once. If you did not expect this invitation, you can ignore it.",
    ].join("\n"),
    html: [
      "<p>Hello {{client.firstName}},</p>",
      "<p>You are invited to join the staff of {{company.name}}. Your username is <strong>{{client.username}}</strong>.</p>",
      '<p><a href="{{acceptInvitationUrl}}">Choose your password</a> within 72 hours.</p>',
      "<p>The link works once. If you did not expect this invitation, you can ignore it.</p>",
    ].join("\n"),
  },
  "webhook-disabled": {
    subject: "Webhook endpoint disabled: {{webhookUrl}}",
    text: [
      "Hello {{client.firstName}},",
      "",
      "Every delivery to the {{company.name}} webhook endpoint {{webhookUrl}} has failed for 3 days,",
      "so it has been disabled and receives no more events.",
      "",
      'Fix the receiver, enable the endpoint again (PATCH /v1/webhooks/{id} with {"enabled": true})',
      "and redeliver what it missed from its delivery log.",
    ].join("\n"),
    html: [
      "<p>Hello {{client.firstName}},</p>",
      "<p>Every delivery to the {{company.name}} webhook endpoint <code>{{webhookUrl}}</code> has failed for 3 days,",
      "so it has been disabled and receives no more events.</p>",
      '<p>Fix the receiver, enable the endpoint again (<code>PATCH /v1/webhooks/{id}</code> with <code>{"enabled": true}</code>)',
      "and redeliver what it missed from its delivery log.</p>",
    ].join("\n"),
  },
};
