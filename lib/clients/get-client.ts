import { NotFoundError } from "../errors/application-errors";
import { getStoredClient, type StoredClient } from "../store/client-repository";

/** A client that exists and has finished being created; 404 otherwise (also for another company's ids). */
export async function loadLiveClient(companyId: string, clientId: string): Promise<StoredClient> {
  const client = await getStoredClient(companyId, clientId);
  if (!client || client.pending) throw new NotFoundError("No client has this id.");
  return client;
}
