import { forgetClientAccess } from "../access/client-access";
import { config } from "../config";
import { assertVersion } from "../domain/version";
import { ConflictError, NotFoundError } from "../errors/application-errors";
import { clientSub, deleteClientUser } from "../identity/client-users";
import { markClientDeleting, purgeClientPartition, removeClientRecord } from "../store/client-removal-repository";
import { getClientRecord, type StoredClient } from "../store/client-repository";
import { deleteIdentity } from "../store/identity-repository";
import { deleteTokensOf } from "../store/one-time-token-repository";
import { clientDeletedEvent } from "../webhooks/events";

const MARK_ATTEMPTS = 3;

/**
 * Deletes a client for good. Each step can be repeated, and a failure at any
 * step leaves the client marked `deleting`, which reads as 404 everywhere
 * except here, so retrying the DELETE finishes the job:
 *
 * 1. mark the client deleting, leave its group count and the indexes, announce client.deleted (one transaction);
 * 2. remove the identity item (its key needs the Cognito subject, so before the user goes);
 * 3. delete the Cognito user;
 * 4. delete every other item of the client's partition, and every link token issued to the client;
 * 5. delete the username claim and the client item together: the username is free again.
 *
 * A second DELETE after completion finds nothing and answers 404.
 */
export async function deleteClient(companyId: string, clientId: string, expectedVersion?: number): Promise<void> {
  const client = await markForDeletion(companyId, clientId, expectedVersion);
  forgetClientAccess(companyId, clientId);
  const sub = await clientSub(clientId);
  if (sub) await deleteIdentity(config().clientPool.userPoolId, sub);
  await deleteClientUser(clientId);
  await purgeClientPartition(companyId, clientId);
  await deleteTokensOf(companyId, "client", clientId);
  await removeClientRecord(client);
}

/** The client, marked deleting by this call or an earlier one that did not finish. */
async function markForDeletion(companyId: string, clientId: string, expectedVersion?: number): Promise<StoredClient> {
  for (let attempt = 1; ; attempt++) {
    const client = await getClientRecord(companyId, clientId);
    if (!client || client.pending) throw new NotFoundError("No client has this id.");
    // The decision to delete was taken by an earlier attempt: its If-Match no longer applies.
    if (client.deleting) return client;
    assertVersion(expectedVersion, client.version);
    if (await markClientDeleting(client, clientDeletedEvent(client))) return client;
    if (attempt >= MARK_ATTEMPTS) {
      throw new ConflictError("The client is being changed by another request; retry.", "client-busy");
    }
  }
}
