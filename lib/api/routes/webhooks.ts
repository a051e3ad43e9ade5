import * as z from "zod";
import { newId } from "../../domain/ids";
import { onFirstUse } from "../../domain/on-first-use";
import {
  createdWebhookSchema,
  deliverySchema,
  rotatedSecretSchema,
  webhookCreateSchema,
  webhookPatchSchema,
  webhookSchema,
} from "../../domain/webhook";
import { defineRoute } from "../../http/route";
import { errorResponses, idParam, pageOf, pageQuery } from "../common";

const webhookParams = onFirstUse(() => z.object({ webhookId: idParam() }));
const deliveryParams = onFirstUse(() => z.object({ webhookId: idParam(), deliveryId: idParam() }));
const webhookRoute = { lambda: "settings", tag: "Webhooks", access: "admin" } as const;

const listWebhooksQuery = onFirstUse(() => z.strictObject(pageQuery()));

export const listWebhooks = defineRoute({
  ...webhookRoute,
  operationId: "listWebhooks",
  description: "A page of the company's webhook endpoints, oldest first. Follow `nextCursor` until it is null.",
  method: "GET",
  path: "/v1/webhooks",
  summary: "The company's webhook endpoints (admin)",
  get query() {
    return listWebhooksQuery();
  },
  get responses() {
    return {
      200: { description: "Endpoints", schema: pageOf(webhookSchema(), "WebhookPage") },
      ...errorResponses(401, 403),
    };
  },
});

export const createWebhook = defineRoute({
  ...webhookRoute,
  operationId: "createWebhook",
  description:
    "Registers an endpoint that receives the events it subscribes to as signed HTTP POSTs. The answer carries the signing `secret`, the only time it is shown (a retry with the same `Idempotency-Key` answers without it). The URL must be https and resolve only to public addresses (422 otherwise); it is checked again at every delivery.",
  method: "POST",
  path: "/v1/webhooks",
  summary: "Register a webhook endpoint (admin)",
  get body() {
    return webhookCreateSchema();
  },
  idempotency: { reserveId: () => newId("wh"), notKept: ["secret"] },
  get responses() {
    return {
      201: { description: "Created, with its secret", schema: createdWebhookSchema() },
      ...errorResponses(400, 401, 403, 409, 413, 415, 422),
    };
  },
});

export const getWebhook = defineRoute({
  ...webhookRoute,
  operationId: "getWebhook",
  description: "One endpoint, with an `ETag` (never its secret). Another company's endpoint answers 404.",
  method: "GET",
  path: "/v1/webhooks/{webhookId}",
  summary: "One webhook endpoint (admin)",
  get params() {
    return webhookParams();
  },
  get responses() {
    return { 200: { description: "The endpoint", schema: webhookSchema() }, ...errorResponses(401, 403, 404) };
  },
});

export const patchWebhook = defineRoute({
  ...webhookRoute,
  operationId: "patchWebhook",
  description:
    "Changes the URL (checked like at creation), events, description or `enabled`. Enabling an endpoint that was disabled for failing starts its failure count anew. Send `If-Match` to refuse a change to a newer version (412).",
  method: "PATCH",
  path: "/v1/webhooks/{webhookId}",
  summary: "Change a webhook endpoint (admin)",
  get params() {
    return webhookParams();
  },
  get body() {
    return webhookPatchSchema();
  },
  get responses() {
    return {
      200: { description: "The endpoint", schema: webhookSchema() },
      ...errorResponses(400, 401, 403, 404, 412, 413, 415, 422),
    };
  },
});

export const deleteWebhook = defineRoute({
  ...webhookRoute,
  operationId: "deleteWebhook",
  description: "Deletes an endpoint: nothing more is sent to it, and its pending deliveries fail.",
  method: "DELETE",
  path: "/v1/webhooks/{webhookId}",
  summary: "Delete a webhook endpoint (admin)",
  get params() {
    return webhookParams();
  },
  get responses() {
    return { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404, 412) };
  },
});

export const rotateWebhookSecret = defineRoute({
  ...webhookRoute,
  operationId: "rotateWebhookSecret",
  description:
    "Creates a new signing secret, shown only in this answer. For the next 24 hours every delivery carries a `v1` signature with the new secret and one with the previous, so receivers can switch without missing an event.",
  method: "POST",
  path: "/v1/webhooks/{webhookId}/rotate-secret",
  summary: "Rotate the signing secret (admin)",
  get params() {
    return webhookParams();
  },
  get responses() {
    return {
      200: { description: "The new secret", schema: rotatedSecretSchema() },
      ...errorResponses(401, 403, 404, 409),
    };
  },
});

export const testWebhook = defineRoute({
  ...webhookRoute,
  operationId: "testWebhook",
  description:
    "Sends a `ping` event to this endpoint only (also while it is disabled); it shows in the delivery log like any other.",
  method: "POST",
  path: "/v1/webhooks/{webhookId}/test",
  summary: "Send a test ping (admin)",
  get params() {
    return webhookParams();
  },
  get responses() {
    return {
      202: { description: "Queued", schema: z.object({ eventId: z.string() }).meta({ id: "QueuedWebhookEvent" }) },
      ...errorResponses(401, 403, 404),
    };
  },
});

const listWebhookDeliveriesQuery = onFirstUse(() => z.strictObject(pageQuery()));

export const listWebhookDeliveries = defineRoute({
  ...webhookRoute,
  operationId: "listWebhookDeliveries",
  description:
    "The endpoint's delivery log, newest first: each event sent (or being sent) to it, its attempts, the last answer's status and time, and when it is tried next. Kept 30 days.",
  method: "GET",
  path: "/v1/webhooks/{webhookId}/deliveries",
  summary: "The delivery log of an endpoint (admin)",
  get params() {
    return webhookParams();
  },
  get query() {
    return listWebhookDeliveriesQuery();
  },
  get responses() {
    return {
      200: { description: "Deliveries", schema: pageOf(deliverySchema(), "WebhookDeliveryPage") },
      ...errorResponses(400, 401, 403, 404),
    };
  },
});

export const redeliverWebhook = defineRoute({
  ...webhookRoute,
  operationId: "redeliverWebhookDelivery",
  description:
    "Sends the delivery's event to the endpoint again, with the same event id and body, retried like a new delivery if it fails.",
  method: "POST",
  path: "/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver",
  summary: "Redeliver an event (admin)",
  get params() {
    return deliveryParams();
  },
  get responses() {
    return { 202: { description: "Queued" }, ...errorResponses(401, 403, 404) };
  },
});
