import { PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { DeliveryStatus } from "../domain/webhook";
import { requestIdAttribute } from "../observability/correlation";
import { db, tableName } from "./client";
import { isConditionFailure } from "./errors";
import { fromItem, isExpired } from "./items";
import { keys } from "./keys";
import { conditionalWrite, getEntity, prefixQuery, queryPage } from "./operations";
import { OUTBOX_DUE_INDEX } from "./table";
import { EVENT_RETENTION_SECONDS } from "./webhook-event-repository";

/**
 * One event for one endpoint. While `pending` it sits in the outbox-due index
 * (partition `WEBHOOK#DUE`) at the time its next attempt may start: at once
 * when written, at the end of its claim while an attempt runs, at its backoff
 * after a failure. Succeeded and failed deliveries leave the index.
 */
export interface StoredDelivery {
  deliveryId: string;
  webhookId: string;
  companyId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  /** Attempts started, the running one included. */
  attempt: number;
  responseStatus: number | null;
  durationMs: number | null;
  error: string | null;
  /** The start of the receiver's last answer (a few hundred characters at most). */
  responseExcerpt: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  /** After this, a failed attempt fails the delivery instead of scheduling another. */
  windowEndsAt: string;
  /** The event's body as sent, copied at fan-out: the event item may be purged with its client before delivery. */
  body: string;
  /** The API request that made the change (copied from the event), or that asked for a redelivery. */
  requestId?: string;
}

export type DeliveryRef = Pick<StoredDelivery, "companyId" | "webhookId" | "deliveryId">;

const keyOf = (d: DeliveryRef) => keys.webhookDelivery(d.companyId, d.webhookId, d.deliveryId);
const DUE = { "#duePartition": OUTBOX_DUE_INDEX.partitionKey, "#dueAt": OUTBOX_DUE_INDEX.sortKey, "#status": "status" };

/** The delivery of an event to an endpoint has one id, so a fan-out that runs twice writes it once. */
export const deliveryIdFor = (eventId: string) => `dlv_${eventId.replace(/^evt_/, "")}`;

/** Writes a new delivery (a pending one due at its `nextAttemptAt`); false when it exists (a repeated fan-out). */
export function createDelivery(delivery: StoredDelivery): Promise<boolean> {
  return conditionalWrite(
    db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keyOf(delivery),
          itemType: "webhook-delivery",
          ...delivery,
          ...(delivery.status === "pending"
            ? {
                [OUTBOX_DUE_INDEX.partitionKey]: keys.webhookDuePartition(),
                [OUTBOX_DUE_INDEX.sortKey]: delivery.nextAttemptAt ?? delivery.createdAt,
              }
            : {}),
          expiresAt: Math.floor(Date.parse(delivery.createdAt) / 1000) + EVENT_RETENTION_SECONDS,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    ),
  );
}

/**
 * Claims a pending delivery whose time has come, for one attempt until
 * `claimedUntil`: so a stream retry, a sweep and a redelivery never run the
 * same attempt twice at once, and an attempt whose worker died is taken over
 * once its claim runs out (the receiver may then get the event again: at least once).
 */
export async function claimDelivery(ref: DeliveryRef, now: Date, claimedUntil: Date): Promise<StoredDelivery | null> {
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keyOf(ref),
        UpdateExpression: "SET #dueAt = :until ADD attempt :one",
        ConditionExpression: "#status = :pending AND #dueAt <= :now",
        ExpressionAttributeNames: { "#dueAt": DUE["#dueAt"], "#status": "status" },
        ExpressionAttributeValues: {
          ":pending": "pending",
          ":until": claimedUntil.toISOString(),
          ":now": now.toISOString(),
          ":one": 1,
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return fromItem<StoredDelivery>(Attributes!);
  } catch (error) {
    if (isConditionFailure(error)) return null;
    throw error;
  }
}

export interface AttemptRecord {
  responseStatus: number | null;
  durationMs: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

/**
 * Records an attempt's result: `succeeded` or `failed` (both leave the due
 * index), or pending again until `retryAt`. Only the attempt that holds the
 * claim records (`attempt` unchanged), so a late worker cannot overwrite a newer one.
 */
export async function recordAttempt(
  delivery: StoredDelivery,
  result: AttemptRecord,
  next: { status: "succeeded" | "failed" } | { status: "pending"; retryAt: Date },
): Promise<void> {
  const values: Record<string, unknown> = {
    ":status": next.status,
    ":responseStatus": result.responseStatus,
    ":durationMs": result.durationMs,
    ":error": result.error,
    ":excerpt": result.responseExcerpt,
    ":attempt": delivery.attempt,
    ":pending": "pending",
  };
  let update =
    "SET #status = :status, responseStatus = :responseStatus, durationMs = :durationMs, #error = :error, responseExcerpt = :excerpt";
  if (next.status === "pending") {
    update += ", nextAttemptAt = :retryAt, #dueAt = :retryAt";
    values[":retryAt"] = next.retryAt.toISOString();
  } else {
    update += ", nextAttemptAt = :null REMOVE #duePartition, #dueAt";
    values[":null"] = null;
  }
  await conditionalWrite(
    db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keyOf(delivery),
        UpdateExpression: update,
        ConditionExpression: "#status = :pending AND attempt = :attempt",
        // DynamoDB refuses a name the expressions do not use: a retry keeps the delivery in its due partition.
        ExpressionAttributeNames: Object.fromEntries(
          Object.entries({ ...DUE, "#error": "error" }).filter(([name]) => update.includes(name) || name === "#status"),
        ),
        ExpressionAttributeValues: values,
      }),
    ),
  );
}

/**
 * Queues a delivery again (a redelivery): pending, due at once, with a fresh
 * retry window, and the id of the request that asked for it (the attempts now
 * follow from that request). False when there is no such delivery.
 */
export function requeueDelivery(ref: DeliveryRef, now: Date, windowEndsAt: Date): Promise<boolean> {
  const { requestId } = requestIdAttribute();
  return conditionalWrite(
    db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keyOf(ref),
        UpdateExpression: `SET #status = :pending, nextAttemptAt = :now, windowEndsAt = :end, #duePartition = :partition, #dueAt = :now${requestId ? ", requestId = :requestId" : ""}`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: DUE,
        ExpressionAttributeValues: {
          ":pending": "pending",
          ":now": now.toISOString(),
          ":end": windowEndsAt.toISOString(),
          ":partition": keys.webhookDuePartition(),
          ...(requestId ? { ":requestId": requestId } : {}),
        },
      }),
    ),
  );
}

export function getDelivery(ref: DeliveryRef): Promise<StoredDelivery | null> {
  return getEntity<StoredDelivery>(keyOf(ref), true);
}

/** A page of an endpoint's deliveries, newest first (ids follow the events' time order). */
export async function queryDeliveries(
  companyId: string,
  webhookId: string,
  limit: number,
  afterId?: string,
): Promise<{ deliveries: StoredDelivery[]; lastId: string | null }> {
  const { pk, skPrefix } = keys.webhookDeliveryPrefix(companyId, webhookId);
  const { Items = [], LastEvaluatedKey } = await queryPage({
    ...prefixQuery(pk, skPrefix),
    ScanIndexForward: false,
    Limit: limit + 1,
    ExclusiveStartKey: afterId ? keys.webhookDelivery(companyId, webhookId, afterId) : undefined,
  });
  const live = Items.filter((item) => !isExpired(item));
  const deliveries = live.slice(0, limit).map((item) => fromItem<StoredDelivery>(item));
  // Large bodies can end a Query page (1 MB) before `limit + 1` items: more may follow then too.
  const more = Items.length > limit || LastEvaluatedKey !== undefined;
  return { deliveries, lastId: more && deliveries.length > 0 ? deliveries.at(-1)!.deliveryId : null };
}

/** Pending deliveries whose time has come, oldest first: a page of the due index. */
export async function dueDeliveries(
  now: Date,
  limit: number,
  after?: Record<string, unknown>,
): Promise<{ deliveries: (DeliveryRef & { dueAt: string })[]; next?: Record<string, unknown> }> {
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: OUTBOX_DUE_INDEX.indexName,
      KeyConditionExpression: "#duePartition = :partition AND #dueAt <= :now",
      ExpressionAttributeNames: { "#duePartition": DUE["#duePartition"], "#dueAt": DUE["#dueAt"] },
      ExpressionAttributeValues: { ":partition": keys.webhookDuePartition(), ":now": now.toISOString() },
      Limit: limit,
      ExclusiveStartKey: after,
    }),
  );
  const deliveries = (page.Items ?? []).map((item) => ({
    companyId: item.companyId as string,
    webhookId: item.webhookId as string,
    deliveryId: item.deliveryId as string,
    dueAt: item[OUTBOX_DUE_INDEX.sortKey] as string,
  }));
  return { deliveries, next: page.LastEvaluatedKey };
}
