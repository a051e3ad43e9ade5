import type { HistoryEvent } from "../domain/history";
import { historyPut } from "./client-history-repository";
import { clientItem, type StoredClient } from "./client-repository";
import { indexWrites } from "./indexing/index-entries";
import { conditionalWrite } from "./operations";
import { transactWrite, tx } from "./transact";
import { releaseUsernameIfHeld } from "./username-repository";

/**
 * Step 1 of anonymising: the client item replaced by its erased form (still
 * at `before.version`, live, not yet anonymised), its username freed, its
 * index entries rewritten from the erased values, and the history event, in
 * one transaction. False when the client moved on meanwhile.
 */
export async function eraseClientRecord(
  before: StoredClient,
  erased: StoredClient,
  event: HistoryEvent,
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
      ...indexWrites(erased.companyId, before, erased),
    ]),
  );
}
