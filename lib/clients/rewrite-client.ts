import type { HistoryEvent } from "../domain/history";
import { ConflictError } from "../errors/application-errors";
import { ClientWriteConflict, replaceClient, type StoredClient } from "../store/client-repository";
import { clientChangeEvents } from "../webhooks/events";
import { loadEditableClient } from "./get-client";

export interface ClientChange {
  after: StoredClient;
  history: HistoryEvent[];
}

const ATTEMPTS = 3;

/**
 * Writes a change computed from the live client, with its history and the
 * webhook events announcing it, in one transaction. `change` returns null when there is nothing to write. A lost
 * race with another write is retried on the fresh state.
 */
export async function rewriteClient(
  companyId: string,
  clientId: string,
  change: (before: StoredClient) => ClientChange | null,
): Promise<StoredClient> {
  for (let attempt = 1; ; attempt++) {
    const before = await loadEditableClient(companyId, clientId);
    const next = change(before);
    if (!next) return before;
    try {
      await replaceClient(before, next.after, next.history, clientChangeEvents(before, next.after));
      return next.after;
    } catch (error) {
      if (!(error instanceof ClientWriteConflict)) throw error;
      if (attempt >= ATTEMPTS) {
        throw new ConflictError("The client is being changed by another request; retry.", "client-busy");
      }
    }
  }
}

/** The client one version on, changed now. */
export function nextVersion(before: StoredClient, changes: Partial<StoredClient>): StoredClient {
  return { ...before, ...changes, updatedAt: new Date().toISOString(), version: before.version + 1 };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
