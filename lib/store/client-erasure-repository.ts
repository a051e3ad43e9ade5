import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { HistoryEvent } from "../domain/history";
import type { WebhookEvent } from "../domain/webhook";
import { db, tableName } from "./client";
import { historyPut } from "./client-history-repository";
import { clientItem, type StoredClient } from "./client-repository";
import { indexWrites } from "./indexing/index-entries";
import { keys } from "./keys";
import { conditionalWrite, queryPages } from "./operations";
import { transactWrite, tx } from "./transact";
import { releaseUsernameIfHeld } from "./username-repository";
import { eventPut } from "./webhook-event-repository";

/**
 * Step 1 of anonymising: the client item replaced by its erased form (still
 * at `before.version`, live, not yet anonymised), its username freed, its
 * index entries rewritten from the erased values, the history event and the
 * webhook event (client.anonymised), in one transaction. False when the client
 * moved on meanwhile.
 */
export async function eraseClientRecord(
  before: StoredClient,
  erased: StoredClient,
  event: HistoryEvent,
  announcement: WebhookEvent,
): Promise<boolean> {
  return conditionalWrite(
    transactWrite([
      tx.put(clientItem(erased), {
        ConditionExpression:
          "version = :v AND attribute_not_exists(pending) AND attribute_not_exists(deleting) AND attribute_not_exists(anonymisedAt)",
        ExpressionAttributeValues: { ":v": before.version },
      }),
      releaseUsernameIfHeld(before),
      historyPut(erased.companyId, erased.id, event),
      eventPut(announcement, erased.id),
      ...indexWrites(erased.companyId, before, erased),
    ]),
  );
}

/** Removes the addresses email history events name (`to`): the rest of the history holds no personal value. */
export async function eraseHistoryAddresses(companyId: string, clientId: string): Promise<void> {
  const { pk, skPrefix } = keys.clientHistoryPrefix(companyId, clientId);
  for await (const items of queryPages({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    FilterExpression: "attribute_exists(#to) AND begins_with(#type, :email)",
    ExpressionAttributeNames: { "#to": "to", "#type": "type" },
    ExpressionAttributeValues: { ":pk": pk, ":prefix": skPrefix, ":email": "email-" },
    ProjectionExpression: "pk, sk",
  })) {
    for (const item of items) {
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: "REMOVE #to",
          ExpressionAttributeNames: { "#to": "to" },
        }),
      );
    }
  }
}
