import { DeleteCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { WebhookEvent } from "../domain/webhook";
import { db, tableName } from "./client";
import type { StoredClient } from "./client-repository";
import { groupCountChange } from "./group-repository";
import { indexWrites } from "./indexing/index-entries";
import { keys } from "./keys";
import { batchWriteAll, conditionalWrite } from "./operations";
import { transactWrite, tx } from "./transact";
import { releaseUsernameIfHeld } from "./username-repository";
import { eventPut } from "./webhook-event-repository";

/*
 * A permanent delete runs in steps that each can be repeated: mark the client
 * deleting (it reads as absent from then on), remove its sign-in account and
 * identity, purge its partition, and finally remove the client item with its
 * username, so a crash between steps is finished by running the delete again.
 */

/**
 * Step 1 of a permanent delete, all or nothing: the client is marked
 * `deleting` (so it reads as absent and no edit can win against it, as its
 * version moves on), leaves its group's count and the browse and search
 * indexes, and `event` (client.deleted) is recorded (the deliverer takes its
 * body from the stream, so the purge may remove it at once). False when the client is no longer at
 * `client.version` or is already being deleted.
 */
export async function markClientDeleting(client: StoredClient, event: WebhookEvent): Promise<boolean> {
  return conditionalWrite(
    transactWrite([
      tx.update(keys.client(client.companyId, client.id), "SET deleting = :at, version = version + :one", {
        ConditionExpression: "version = :v AND attribute_not_exists(pending) AND attribute_not_exists(deleting)",
        ExpressionAttributeValues: { ":at": new Date().toISOString(), ":one": 1, ":v": client.version },
      }),
      groupCountChange(client.companyId, client.groupId, -1),
      ...indexWrites(client.companyId, client, null),
      eventPut(event, client.id),
    ]),
  );
}

/**
 * Deletes everything in the client's partition except the client item itself
 * (phones and custom values live in it; history, outbox, billing records and
 * the rest are items of their own). Passes repeat until one finds nothing, so
 * an item written meanwhile is not left behind.
 */
export async function purgeClientPartition(companyId: string, clientId: string): Promise<void> {
  const { pk } = keys.clientPartition(companyId, clientId);
  const profileSk = keys.client(companyId, clientId).sk;
  for (;;) {
    let found = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await db().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": pk },
          ProjectionExpression: "pk, sk",
          ExclusiveStartKey,
        }),
      );
      const doomed = (page.Items ?? []).filter((item) => item.sk !== profileSk);
      found += doomed.length;
      await batchDelete(doomed.map((item) => ({ pk: item.pk, sk: item.sk })));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    if (found === 0) return;
  }
}

const batchDelete = (itemKeys: Record<string, unknown>[]) =>
  batchWriteAll(
    itemKeys.map((Key) => ({ DeleteRequest: { Key } })),
    "DynamoDB kept some deletes unprocessed; retry the delete",
  );

/**
 * The last step of a permanent delete: the username claim and the client item
 * go together, so the username is free exactly when nothing of the client is left.
 */
export async function removeClientRecord(client: StoredClient): Promise<void> {
  const isDeleting = { ConditionExpression: "attribute_exists(deleting)" };
  const profile = keys.client(client.companyId, client.id);
  if (await conditionalWrite(transactWrite([releaseUsernameIfHeld(client), tx.delete(profile, isDeleting)]))) return;
  // Either a concurrent delete finished first, or the username is claimed by someone else: the client item still goes.
  await conditionalWrite(db().send(new DeleteCommand({ TableName: tableName(), Key: profile, ...isDeleting })));
}
