import * as z from "zod";
import { config } from "../config";
import { onFirstUse } from "../domain/on-first-use";
import { assertVersion } from "../domain/version";
import {
  type Delivery,
  MAX_WEBHOOKS_PER_COMPANY,
  type Webhook,
  type WebhookCreate,
  type WebhookPatch,
} from "../domain/webhook";
import { ConflictError, InvalidInputError, NotFoundError, StaleVersionError } from "../errors/application-errors";
import { badCursor, decodeCursor, encodeCursor } from "../paging/cursor";
import { type Page, type PageRequest, sortedPage } from "../paging/sorted-page";
import { queryDeliveries, requeueDelivery, type StoredDelivery } from "../store/webhook-delivery-repository";
import { putTargetedEvent } from "../store/webhook-event-repository";
import { deleteWebhook, getWebhook, listWebhooks, type StoredWebhook, saveWebhook } from "../store/webhook-repository";
import { newEvent } from "./events";
import { newSecret, sealSecret } from "./secrets";
import { checkWebhookUrl, UnsafeUrlError } from "./url-guard";

export function toWebhookView(stored: StoredWebhook): Webhook {
  return {
    id: stored.id,
    url: stored.url,
    events: stored.events,
    description: stored.description,
    enabled: stored.enabled,
    disabledReason: stored.disabledReason,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    version: stored.version,
  };
}

export async function loadWebhook(companyId: string, webhookId: string): Promise<StoredWebhook> {
  const webhook = await getWebhook(companyId, webhookId);
  if (!webhook) throw new NotFoundError("No webhook endpoint has this id.");
  return webhook;
}

/** The URL must be https (or local, with the installation setting) and resolve only to public addresses. */
async function assertSafeUrl(url: string): Promise<void> {
  try {
    await checkWebhookUrl(url);
  } catch (error) {
    if (error instanceof UnsafeUrlError) throw new InvalidInputError([{ path: "url", message: error.message }]);
    throw error;
  }
}

/**
 * Creates an endpoint with a new signing secret, answered once in clear and
 * stored sealed. A retry with the same Idempotency-Key finds the endpoint it
 * created and answers it without the secret (which is never kept).
 */
export async function createWebhook(
  companyId: string,
  webhookId: string,
  input: WebhookCreate,
): Promise<Webhook & { secret?: string }> {
  const existing = await getWebhook(companyId, webhookId);
  if (existing) return toWebhookView(existing);
  await assertSafeUrl(input.url);
  if ((await listWebhooks(companyId)).length >= MAX_WEBHOOKS_PER_COMPANY) {
    throw new ConflictError(
      `A company has at most ${MAX_WEBHOOKS_PER_COMPANY} webhook endpoints; delete one or subscribe an existing one to more events.`,
      "webhook-limit",
    );
  }
  const secret = newSecret();
  const now = new Date().toISOString();
  const webhook: StoredWebhook = {
    id: webhookId,
    companyId,
    url: input.url,
    events: input.events,
    description: input.description ?? null,
    enabled: input.enabled,
    disabledReason: null,
    secrets: [await sealSecret(companyId, webhookId, secret)],
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  if (!(await saveWebhook(webhook))) return toWebhookView((await getWebhook(companyId, webhookId)) ?? webhook);
  return { ...toWebhookView(webhook), secret };
}

export async function webhooksPage(companyId: string, request: PageRequest): Promise<Page<Webhook>> {
  const webhooks = (await listWebhooks(companyId)).map(toWebhookView);
  return sortedPage(webhooks, (w) => [w.createdAt, w.id], request, `webhooks|${companyId}`);
}

/**
 * Changes an endpoint; a new URL is checked like at creation. Enabling a
 * disabled endpoint makes it healthy again: its failures start anew.
 */
export async function updateWebhook(
  companyId: string,
  webhookId: string,
  patch: WebhookPatch,
  expected?: number,
): Promise<Webhook> {
  // Someone else's id answers 404 before anything about the new URL is said.
  await loadWebhook(companyId, webhookId);
  if (patch.url !== undefined) await assertSafeUrl(patch.url);
  for (let attempt = 0; ; attempt++) {
    const current = await loadWebhook(companyId, webhookId);
    assertVersion(expected, current.version);
    const { failingSince: _, ...rest } = current;
    const reenabled = patch.enabled === true && !current.enabled;
    const next: StoredWebhook = {
      ...(reenabled ? rest : current),
      url: patch.url ?? current.url,
      events: patch.events ?? current.events,
      description: patch.description === undefined ? current.description : patch.description,
      enabled: patch.enabled ?? current.enabled,
      disabledReason: (patch.enabled ?? current.enabled) ? null : current.disabledReason,
      updatedAt: new Date().toISOString(),
      version: current.version + 1,
    };
    if (await saveWebhook(next, current.version)) return toWebhookView(next);
    if (expected !== undefined || attempt >= 2) {
      throw new StaleVersionError("The webhook endpoint changed meanwhile; read it again and retry.");
    }
  }
}

/** Deletes an endpoint; its pending deliveries fail at their next attempt, its log expires with its events. */
export async function removeWebhook(companyId: string, webhookId: string, expected?: number): Promise<void> {
  const current = await loadWebhook(companyId, webhookId);
  assertVersion(expected, current.version);
  if (!(await deleteWebhook(companyId, webhookId, expected))) {
    throw new StaleVersionError("The webhook endpoint changed meanwhile; read it again and retry.");
  }
}

/**
 * A new secret signs from now on; the ones signing until now keep signing
 * beside it for the overlap (24 h), so receivers can switch without losing an
 * event. Secrets already past their overlap are dropped.
 */
export async function rotateSecret(
  companyId: string,
  webhookId: string,
): Promise<{ secret: string; previousSecretExpiresAt: string | null }> {
  const secret = newSecret();
  for (let attempt = 0; ; attempt++) {
    const current = await loadWebhook(companyId, webhookId);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + config().webhooks.secretOverlapSeconds * 1000).toISOString();
    const previous = current.secrets
      .filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now.getTime())
      .map((s) => ({ ...s, expiresAt: s.expiresAt ?? expiresAt }));
    const next: StoredWebhook = {
      ...current,
      secrets: [await sealSecret(companyId, webhookId, secret), ...previous],
      updatedAt: now.toISOString(),
      version: current.version + 1,
    };
    if (await saveWebhook(next, current.version)) {
      return { secret, previousSecretExpiresAt: previous.length > 0 ? expiresAt : null };
    }
    if (attempt >= 2) throw new ConflictError("The webhook endpoint is changing; retry.", "webhook-busy");
  }
}

/** Queues a `ping` event for this endpoint only (also while it is disabled, to test a fix before enabling it). */
export async function sendTestPing(companyId: string, webhookId: string): Promise<{ eventId: string }> {
  const webhook = await loadWebhook(companyId, webhookId);
  const event = newEvent(companyId, "ping", { webhookId: webhook.id, url: webhook.url });
  await putTargetedEvent(event, webhook.id);
  return { eventId: event.id };
}

export function toDeliveryView(stored: StoredDelivery): Delivery {
  return {
    id: stored.deliveryId,
    eventId: stored.eventId,
    eventType: stored.eventType,
    attempt: stored.attempt,
    status: stored.status,
    responseStatus: stored.responseStatus,
    durationMs: stored.durationMs,
    error: stored.error,
    createdAt: stored.createdAt,
    nextAttemptAt: stored.status === "pending" ? stored.nextAttemptAt : null,
  };
}

const deliveryPosition = onFirstUse(() => z.strictObject({ after: z.string().max(64) }));

/** A page of an endpoint's delivery log, newest first. */
export async function deliveriesPage(
  companyId: string,
  webhookId: string,
  { limit, cursor }: PageRequest,
): Promise<Page<Delivery>> {
  await loadWebhook(companyId, webhookId);
  const binding = `webhook-deliveries|${companyId}|${webhookId}`;
  let after: string | undefined;
  if (cursor !== undefined) {
    const position = deliveryPosition().safeParse(decodeCursor(cursor, binding));
    if (!position.success) throw badCursor();
    after = position.data.after;
  }
  const page = await queryDeliveries(companyId, webhookId, limit, after);
  return {
    items: page.deliveries.map(toDeliveryView),
    nextCursor: page.lastId ? encodeCursor({ after: page.lastId }, binding) : null,
  };
}

/** Queues a delivery again, with a fresh retry window; the next sweep attempts it. */
export async function redeliver(companyId: string, webhookId: string, deliveryId: string): Promise<void> {
  await loadWebhook(companyId, webhookId);
  const now = new Date();
  const windowEndsAt = new Date(now.getTime() + config().webhooks.windowSeconds * 1000);
  if (!(await requeueDelivery({ companyId, webhookId, deliveryId }, now, windowEndsAt))) {
    throw new NotFoundError("This endpoint has no delivery with this id.");
  }
}
