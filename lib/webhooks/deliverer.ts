import { config } from "../config";
import { withRequestId } from "../observability/correlation";
import { logger } from "../observability/logger";
import { recordMetric } from "../observability/metrics";
import { staffOutboxItem } from "../store/outbox-items";
import { listStaffMembers } from "../store/staff-repository";
import {
  type AttemptRecord,
  claimDelivery,
  createDelivery,
  type DeliveryRef,
  deliveryIdFor,
  recordAttempt,
  type StoredDelivery,
} from "../store/webhook-delivery-repository";
import type { StoredEvent } from "../store/webhook-event-repository";
import {
  disableFailingWebhook,
  getWebhook,
  listWebhooks,
  noteWebhookFailing,
  noteWebhookHealthy,
  type StoredWebhook,
} from "../store/webhook-repository";
import { type PostOutcome, postJson } from "./http-post";
import { DELIVERY_FAILED_LOG_MESSAGE } from "./metrics";
import { activeSecrets } from "./secrets";
import { signatureHeader } from "./signature";
import { checkWebhookUrl, UnsafeUrlError } from "./url-guard";

export type AttemptOutcome = "succeeded" | "retrying" | "failed" | "skipped";

const subscribes = (webhook: StoredWebhook, type: string) =>
  webhook.events.includes("*") || webhook.events.includes(type);

/**
 * Turns one recorded event into a delivery per endpoint that wants it (a ping:
 * only its target). The delivery id follows from the event id, so a fan-out
 * that runs again (a stream retry) writes nothing twice; every delivery of the
 * event is returned, new or not, and the claim decides whether to attempt it.
 */
export async function fanOut(event: StoredEvent): Promise<DeliveryRef[]> {
  const { companyId } = event;
  const endpoints = event.targetWebhookId
    ? [await getWebhook(companyId, event.targetWebhookId)].filter((w): w is StoredWebhook => w !== null)
    : (await listWebhooks(companyId)).filter((w) => w.enabled && subscribes(w, event.type));
  const now = new Date();
  const windowEndsAt = new Date(now.getTime() + config().webhooks.windowSeconds * 1000).toISOString();
  return Promise.all(
    endpoints.map(async (webhook) => {
      const delivery: StoredDelivery = {
        deliveryId: deliveryIdFor(event.eventId),
        webhookId: webhook.id,
        companyId,
        eventId: event.eventId,
        eventType: event.type,
        status: "pending",
        attempt: 0,
        responseStatus: null,
        durationMs: null,
        error: null,
        responseExcerpt: null,
        createdAt: now.toISOString(),
        nextAttemptAt: now.toISOString(),
        windowEndsAt,
        body: event.body,
        ...(event.requestId ? { requestId: event.requestId } : {}),
      };
      await createDelivery(delivery);
      return { companyId, webhookId: webhook.id, deliveryId: delivery.deliveryId };
    }),
  );
}

/** The stream's work for one event: fan out, then attempt every delivery at once. */
export async function deliverEvent(event: StoredEvent): Promise<AttemptOutcome[]> {
  const deliveries = await fanOut(event);
  return Promise.all(deliveries.map((ref) => attemptDelivery(ref)));
}

/**
 * One attempt of one delivery: claim it, check the endpoint's URL again (after
 * DNS resolution), sign the stored body with every active secret, POST it, and
 * record the result: succeeded; pending again after a backoff; or, once the
 * retry window has passed, failed. An endpoint whose deliveries have all
 * failed for the whole window is disabled and its company's admins emailed.
 * Throws only when the store fails; the claim then runs out and the sweep
 * attempts the delivery again, with the same event id (at least once).
 */
export async function attemptDelivery(ref: DeliveryRef): Promise<AttemptOutcome> {
  const settings = config().webhooks;
  const now = new Date();
  const delivery = await claimDelivery(ref, now, new Date(now.getTime() + settings.leaseSeconds * 1000));
  if (!delivery) return "skipped";
  // The stream's attempt or the sweep's: either way the lines carry the request that caused the delivery.
  return withRequestId(delivery.requestId, () => attemptClaimed(delivery));
}

async function attemptClaimed(delivery: StoredDelivery): Promise<AttemptOutcome> {
  const webhook = await getWebhook(delivery.companyId, delivery.webhookId);
  const unattempted = !webhook
    ? "endpoint-deleted"
    : !webhook.enabled && delivery.eventType !== "ping"
      ? "endpoint-disabled"
      : null;
  if (unattempted || !webhook) {
    await recordAttempt(delivery, noResponse(unattempted ?? ""), { status: "failed" });
    return "failed";
  }
  const outcome = await send(webhook, delivery);
  const result: AttemptRecord = {
    responseStatus: outcome.status,
    durationMs: outcome.durationMs,
    error: outcome.error,
    responseExcerpt: outcome.excerpt || null,
  };
  if (outcome.error === null) {
    await recordAttempt(delivery, result, { status: "succeeded" });
    logger.info("webhook delivered", {
      deliveryId: delivery.deliveryId,
      webhookId: webhook.id,
      attempt: delivery.attempt,
      responseStatus: outcome.status,
    });
    recordMetric("WebhookDeliveries", "succeeded");
    recordMetric("WebhookDeliveryDelay", undefined, Date.now() - Date.parse(delivery.createdAt));
    if (webhook.failingSince) await noteWebhookHealthy(webhook.companyId, webhook.id);
    return "succeeded";
  }
  const finishedAt = new Date();
  const windowEndsAt = Date.parse(delivery.windowEndsAt);
  await noteWebhookFailing(webhook.companyId, webhook.id, delivery.createdAt);
  const done = finishedAt.getTime() >= windowEndsAt;
  const retryAt = new Date(Math.min(finishedAt.getTime() + backoffMs(delivery.attempt), windowEndsAt));
  await recordAttempt(delivery, result, done ? { status: "failed" } : { status: "pending", retryAt });
  recordMetric("WebhookDeliveries", done ? "given-up" : "failed");
  const detail = {
    deliveryId: delivery.deliveryId,
    webhookId: webhook.id,
    attempt: delivery.attempt,
    error: outcome.error,
  };
  if (done) logger.error(DELIVERY_FAILED_LOG_MESSAGE, detail);
  else logger.warn("webhook delivery will be retried", detail);
  await disableIfFailingTooLong(webhook, delivery, finishedAt);
  return done ? "failed" : "retrying";
}

async function send(webhook: StoredWebhook, delivery: StoredDelivery): Promise<PostOutcome> {
  const { timeoutMs } = config().webhooks;
  try {
    const target = await checkWebhookUrl(webhook.url);
    const secrets = await activeSecrets(webhook.companyId, webhook.id, webhook.secrets);
    const headers = {
      "clientele-event-id": delivery.eventId,
      "clientele-event-type": delivery.eventType,
      "clientele-signature": signatureHeader(secrets, delivery.body, Math.floor(Date.now() / 1000)),
    };
    return await postJson(target, delivery.body, headers, timeoutMs);
  } catch (error) {
    // Refused after resolution (a name that now points inside): a failed attempt, retried like any other.
    if (error instanceof UnsafeUrlError) return { ...noResponseOutcome, error: `refused-${error.reason}` };
    throw error;
  }
}

const noResponseOutcome: PostOutcome = { status: null, durationMs: 0, error: null, excerpt: "" };
const noResponse = (error: string): AttemptRecord => ({
  responseStatus: null,
  durationMs: null,
  error,
  responseExcerpt: null,
});

/** Exponential backoff with equal jitter: half the nominal wait, plus up to as much again at random. */
export function backoffMs(attempt: number): number {
  const { retrySeconds, maxRetrySeconds } = config().webhooks;
  const nominal = Math.min(retrySeconds * 2 ** Math.max(0, attempt - 1), maxRetrySeconds) * 1000;
  return nominal / 2 + Math.random() * (nominal / 2);
}

/**
 * The endpoint has failed every delivery since the oldest one still failing:
 * once that is a whole retry window ago, it is disabled (one transaction with
 * the emails to the company's active admins, so exactly one attempt sends them).
 */
async function disableIfFailingTooLong(webhook: StoredWebhook, delivery: StoredDelivery, now: Date): Promise<void> {
  if (!webhook.enabled) return;
  const failingSince = [webhook.failingSince, delivery.createdAt].filter((t): t is string => Boolean(t)).sort()[0]!;
  const cutoff = new Date(now.getTime() - config().webhooks.windowSeconds * 1000).toISOString();
  if (failingSince > cutoff) return;
  const admins = (await listStaffMembers(webhook.companyId)).filter((m) => m.role === "admin" && m.status === "active");
  const notices = admins.map((admin) =>
    staffOutboxItem(webhook.companyId, admin.id, "webhook-disabled", { webhookUrl: webhook.url }),
  );
  if (await disableFailingWebhook(webhook, cutoff, notices)) {
    logger.error("webhook endpoint disabled: every delivery failed for the whole retry window", {
      webhookId: webhook.id,
      companyId: webhook.companyId,
      failingSince,
      adminsNotified: admins.length,
    });
  }
}
