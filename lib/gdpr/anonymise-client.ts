import { forgetClientAccess } from "../access/client-access";
import { toClientView } from "../clients/client-view";
import { historyEvent } from "../clients/history-event";
import { config } from "../config";
import type { Client } from "../domain/client";
import type { Actor } from "../domain/history";
import { ConflictError, NotFoundError } from "../errors/application-errors";
import { clientSub, deleteClientUser } from "../identity/client-users";
import { eraseClientRecord, eraseHistoryAddresses } from "../store/client-erasure-repository";
import { getClientRecord, type StoredClient } from "../store/client-repository";
import { forgetRecordsOf } from "../store/idempotency-repository";
import { deleteIdentity } from "../store/identity-repository";
import { deleteTokensOf } from "../store/one-time-token-repository";
import { deleteClientEvents } from "../store/webhook-event-repository";
import { clientAnonymisedEvent } from "../webhooks/events";

/** The operations whose kept answers hold a client they created. */
const CLIENT_CREATING_OPERATIONS = ["createClient", "signUp"];
const ERASE_ATTEMPTS = 3;

export const ANONYMISED_NAME = { firstName: "Anonymised", lastName: "Client" } as const;

/**
 * The client with every personal value erased. What billing and tax law need
 * stays: number, country, currency, group, status, dates. The username
 * becomes the client id (unclaimed: nobody can sign in as it) and the email
 * an address that cannot receive mail. Dropping `encryptedFields` drops the
 * client's wrapped data key, so sealed values anywhere are unreadable.
 */
export function erased(client: StoredClient, at: string): StoredClient {
  return {
    ...client,
    ...ANONYMISED_NAME,
    company: null,
    title: null,
    address1: null,
    address2: null,
    city: null,
    state: null,
    zip: null,
    email: `anonymised-${client.id}@anonymised.invalid`,
    phones: [],
    defaultFax: null,
    taxId: null,
    username: client.id,
    usernameIsEmail: false,
    marketing: { optIn: false, changedAt: at, source: "staff" },
    customFields: {},
    encryptedFields: null,
    anonymisedAt: at,
    sessionsNotBefore: Math.floor(Date.parse(at) / 1000),
    updatedAt: at,
    version: client.version + 1,
  };
}

/**
 * Erases the client's personal data everywhere it is held, keeping billing
 * records and totals. Each step can be repeated, so a failure at any step is
 * finished by calling it again (which answers 200 with the same state):
 *
 * 1. the client item erased, its username freed, index entries rewritten,
 *    the history event and client.anonymised, in one transaction (from here the client is anonymised);
 * 2. the identity item and the Cognito user (its sign-in account) deleted;
 * 3. the idempotency records whose kept answer holds the client deleted;
 * 4. the addresses in the history's email events removed, and every link token issued to the client;
 * 5. the client's earlier webhook events deleted (deliveries keep what they sent, 30 days).
 *
 * Outbox messages hold no personal data (emails are rendered when sent; a
 * sealed link token is removed once sent) and are dropped by the mailer for
 * an anonymised client; the rest of the history holds field names, never values.
 */
export async function anonymiseClient(companyId: string, clientId: string, actor: Actor): Promise<Client> {
  const client = await eraseOnce(companyId, clientId, actor);
  forgetClientAccess(companyId, clientId);
  const sub = await clientSub(clientId);
  if (sub) await deleteIdentity(config().clientPool.userPoolId, sub);
  await deleteClientUser(clientId);
  await forgetRecordsOf(companyId, CLIENT_CREATING_OPERATIONS, clientId);
  await eraseHistoryAddresses(companyId, clientId);
  await deleteTokensOf(companyId, "client", clientId);
  await deleteClientEvents(companyId, clientId, ["client.anonymised"]);
  return toClientView(client, "staff");
}

async function eraseOnce(companyId: string, clientId: string, actor: Actor): Promise<StoredClient> {
  for (let attempt = 1; ; attempt++) {
    const client = await getClientRecord(companyId, clientId);
    if (!client || client.pending || client.deleting) throw new NotFoundError("No client has this id.");
    if (client.anonymisedAt) return client;
    const after = erased(client, new Date().toISOString());
    if (await eraseClientRecord(client, after, historyEvent("anonymised", actor), clientAnonymisedEvent(after))) {
      return after;
    }
    if (attempt >= ERASE_ATTEMPTS) {
      throw new ConflictError("The client is being changed by another request; retry.", "client-busy");
    }
  }
}
