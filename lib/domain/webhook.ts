import * as z from "zod";
import { onFirstUse } from "./on-first-use";

/**
 * What a webhook endpoint may subscribe to; `ping` is sent only by
 * POST /v1/webhooks/{id}/test, to that one endpoint.
 */
export const WEBHOOK_EVENT_TYPES = [
  "client.created",
  "client.updated",
  "client.status_changed",
  "client.deleted",
  "client.anonymised",
  "signup.completed",
  "invoice.created",
  "transaction.created",
  "service.created",
  "ping",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What the receiver gets as the body, signed. `previous` holds the changed fields' old values. */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  companyId: string;
  data: { object: Record<string, unknown>; previous?: Record<string, unknown> };
}

/** A company's endpoints are each called for every matching event: a cap keeps one change's fan-out bounded. */
export const MAX_WEBHOOKS_PER_COMPANY = 20;

const eventList = onFirstUse(() =>
  z
    .array(z.enum([...WEBHOOK_EVENT_TYPES, "*"]))
    .min(1)
    .max(WEBHOOK_EVENT_TYPES.length + 1)
    .refine((events) => !events.includes("*") || events.length === 1, '"*" stands alone: it means every event.')
    .transform((events) => [...new Set(events)])
    .meta({ description: 'The event types to receive, or `["*"]` for all of them' }),
);

const url = onFirstUse(() =>
  z.string().trim().min(1).max(2048).meta({
    description:
      "An https URL whose host resolves only to public addresses (checked now and at every delivery). No user name or password in it.",
  }),
);

export const webhookCreateSchema = onFirstUse(() =>
  z
    .strictObject({
      url: url(),
      events: eventList(),
      description: z.string().trim().max(500).optional(),
      enabled: z.boolean().default(true),
    })
    .meta({ id: "WebhookCreate" }),
);
export type WebhookCreate = z.output<ReturnType<typeof webhookCreateSchema>>;

export const webhookPatchSchema = onFirstUse(() =>
  z
    .strictObject({
      url: url().optional(),
      events: eventList().optional(),
      description: z.string().trim().max(500).nullable().optional(),
      enabled: z.boolean().optional(),
    })
    .meta({ id: "WebhookPatch" }),
);
export type WebhookPatch = z.output<ReturnType<typeof webhookPatchSchema>>;

export const webhookSchema = onFirstUse(() =>
  z
    .object({
      id: z.string(),
      url: z.string(),
      events: z.array(z.string()),
      description: z.string().nullable(),
      enabled: z.boolean(),
      disabledReason: z
        .enum(["failing"])
        .nullable()
        .meta({ description: "`failing`: switched off after every delivery failed for the whole retry window" }),
      createdAt: z.string(),
      updatedAt: z.string(),
      version: z.number().int(),
    })
    .meta({ id: "Webhook" }),
);
export type Webhook = z.output<ReturnType<typeof webhookSchema>>;

const secret = onFirstUse(() =>
  z.string().meta({ description: "The signing secret (`whsec_...`), shown only in this answer" }),
);

export const createdWebhookSchema = onFirstUse(() =>
  webhookSchema().extend({ secret: secret() }).meta({ id: "CreatedWebhook" }),
);
export const rotatedSecretSchema = onFirstUse(() =>
  z.object({ secret: secret(), previousSecretExpiresAt: z.string().nullable() }).meta({ id: "RotatedWebhookSecret" }),
);

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliverySchema = onFirstUse(() =>
  z
    .object({
      id: z.string(),
      eventId: z.string(),
      eventType: z.string(),
      attempt: z.number().int().meta({ description: "Attempts made so far" }),
      status: z.enum(DELIVERY_STATUSES),
      responseStatus: z.number().int().nullable().meta({ description: "The last attempt's HTTP status, if any" }),
      durationMs: z.number().int().nullable(),
      error: z
        .string()
        .nullable()
        .meta({ description: "Why the last attempt failed: `timeout`, `refused-address`, `http-500`, ..." }),
      createdAt: z.string(),
      nextAttemptAt: z.string().nullable(),
    })
    .meta({ id: "WebhookDelivery" }),
);
export type Delivery = z.output<ReturnType<typeof deliverySchema>>;
