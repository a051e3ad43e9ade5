import { ConflictError, NotFoundError } from "../errors/application-errors";
import { getStoredClient, type StoredClient } from "../store/client-repository";

/** A client that exists and has finished being created; 404 otherwise (also for another company's ids). */
export async function loadLiveClient(companyId: string, clientId: string): Promise<StoredClient> {
  const client = await getStoredClient(companyId, clientId);
  if (!client || client.pending) throw new NotFoundError("No client has this id.");
  return client;
}

/** A live client that may still be changed: one whose personal data was erased answers 409 `anonymised`. */
export async function loadEditableClient(companyId: string, clientId: string): Promise<StoredClient> {
  const client = await loadLiveClient(companyId, clientId);
  if (client.anonymisedAt) {
    throw new ConflictError("This client's personal data was erased; it takes no more changes.", "anonymised");
  }
  return client;
}
