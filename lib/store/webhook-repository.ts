import { DeleteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { SealedSecret } from "../webhooks/secrets";
import { db, tableName } from "./client";
import { isConditionFailure } from "./errors";
import { toItem } from "./items";
import { keys } from "./keys";
import { conditionalWrite, getEntity, putVersioned, queryAllByPrefix } from "./operations";
import { transactWrite, tx } from "./transact";

/** An endpoint as stored: its signing secrets sealed, newest first, and how long it has been failing. */
export interface StoredWebhook {
  id: string;
  companyId: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  disabledReason: "failing" | null;
  secrets: SealedSecret[];
  /** When the oldest delivery that has not succeeded since the last success was made; absent while healthy. */
  failingSince?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

const item = (webhook: StoredWebhook) => toItem(keys.webhook(webhook.companyId, webhook.id), "webhook", webhook);

export function getWebhook(companyId: string, webhookId: string): Promise<StoredWebhook | null> {
  return getEntity<StoredWebhook>(keys.webhook(companyId, webhookId), true);
}

/** Every endpoint of the company (a handful: MAX_WEBHOOKS_PER_COMPANY). */
export function listWebhooks(companyId: string): Promise<StoredWebhook[]> {
  const { pk, skPrefix } = keys.webhookPrefix(companyId);
  return queryAllByPrefix<StoredWebhook>(pk, skPrefix);
}

/** Puts a new endpoint (`expectedVersion` undefined) or replaces one still at that version. */
export function saveWebhook(webhook: StoredWebhook, expectedVersion?: number): Promise<boolean> {
  return putVersioned(item(webhook), expectedVersion);
}

export function deleteWebhook(companyId: string, webhookId: string, expectedVersion?: number): Promise<boolean> {
  return conditionalWrite(
    db().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: keys.webhook(companyId, webhookId),
        ConditionExpression: expectedVersion === undefined ? "attribute_exists(pk)" : "version = :v",
        ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ":v": expectedVersion } }),
      }),
    ),
  );
}

async function ignoringCondition(write: Promise<unknown>): Promise<void> {
  await write.catch((error) => {
    if (!isConditionFailure(error)) throw error;
  });
}

/** A delivery made at `since` failed: the endpoint counts as failing from the oldest such delivery on. */
export function noteWebhookFailing(companyId: string, webhookId: string, since: string): Promise<void> {
  return ignoringCondition(
    db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.webhook(companyId, webhookId),
        UpdateExpression: "SET failingSince = :since",
        ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(failingSince) OR failingSince > :since)",
        ExpressionAttributeValues: { ":since": since },
      }),
    ),
  );
}

/** A delivery succeeded: the endpoint is healthy again (written only when it was failing). */
export function noteWebhookHealthy(companyId: string, webhookId: string): Promise<void> {
  return ignoringCondition(
    db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.webhook(companyId, webhookId),
        UpdateExpression: "REMOVE failingSince",
        ConditionExpression: "attribute_exists(failingSince)",
      }),
    ),
  );
}

/**
 * Disables an endpoint that is enabled and has been failing since `cutoff` or
 * longer, with the notices to its company's admins, in one transaction: of
 * concurrent deliveries that find it failing, exactly one disables it and
 * queues the emails. False when another did, or it recovered meanwhile.
 */
export function disableFailingWebhook(
  webhook: StoredWebhook,
  cutoff: string,
  notices: Record<string, unknown>[],
): Promise<boolean> {
  return conditionalWrite(
    transactWrite([
      tx.update(
        keys.webhook(webhook.companyId, webhook.id),
        "SET enabled = :false, disabledReason = :failing, updatedAt = :now, version = version + :one",
        {
          ConditionExpression: "enabled = :true AND failingSince <= :cutoff",
          ExpressionAttributeValues: {
            ":false": false,
            ":true": true,
            ":failing": "failing",
            ":now": new Date().toISOString(),
            ":one": 1,
            ":cutoff": cutoff,
          },
        },
      ),
      ...notices.map((notice) => tx.put(notice)),
    ]),
  );
}
