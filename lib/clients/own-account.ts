import { config } from "../config";
import type { Client, ClientPatch } from "../domain/client";
import type { CustomField } from "../domain/custom-field";
import type { Actor } from "../domain/history";
import { InvalidInputError } from "../errors/application-errors";
import { enforceAttemptLimits } from "../limits/attempt-limits";
import { companyFieldsQuery, listCompanyFields } from "../store/custom-field-repository";
import { keys } from "../store/keys";
import type { FirstReadPlan } from "../store/request-reads";
import { toClientView } from "./client-view";
import { loadEditableClient, loadLiveClient } from "./get-client";
import { updateStoredClient } from "./update-client";

/** What a client may change about themselves; the route's schema lets nothing else through. */
export type OwnAccountPatch = Pick<
  ClientPatch,
  | "firstName"
  | "lastName"
  | "company"
  | "title"
  | "address1"
  | "address2"
  | "city"
  | "country"
  | "state"
  | "zip"
  | "email"
  | "phones"
  | "language"
  | "marketingOptIn"
  | "customFields"
>;

export interface UpdateOwnAccountCommand {
  companyId: string;
  clientId: string;
  actor: Actor;
  patch: OwnAccountPatch;
  expectedVersion?: number;
}

/** What a client sees of their custom fields (lib/clients/client-view.ts): visible to clients, never encrypted. */
export const shownToClient = (field: CustomField) => field.visibleToClient && !field.encrypted;

/** A client edits only what they can see: a visible, client-editable field that is not encrypted. */
export const editableByClient = (field: CustomField) => shownToClient(field) && field.editableByClient;

export async function fieldsOfClientGroup(companyId: string, groupId: string): Promise<CustomField[]> {
  return (await listCompanyFields(companyId)).filter((field) => field.groupId === groupId);
}

/** The company's fields getOwnAccount reads, for the caller lookup to start (lib/http/route.ts `FirstReads`). */
export const ownAccountReads = (companyId: string): FirstReadPlan => ({ queries: [companyFieldsQuery(companyId)] });

export async function getOwnAccount(companyId: string, clientId: string): Promise<Client> {
  // The company's fields are read beside the client (its item mostly kept from the caller lookup), not after it.
  const [client, fields] = await Promise.all([loadLiveClient(companyId, clientId), listCompanyFields(companyId)]);
  return toClientView(
    client,
    "client",
    fields.filter((field) => field.groupId === client.groupId),
  );
}

/**
 * A new email can become the username (while the username follows the email), and a taken username
 * answers 409: so each change is an enumeration probe, limited per client like signup (429), refused
 * attempts counting too.
 */
async function enforceEmailChangeLimit(companyId: string, clientId: string): Promise<void> {
  const { perClientEmailChanges, windowSeconds } = config().signupLimits;
  await enforceAttemptLimits(
    [{ key: keys.ownIdentityChanges(companyId, clientId), limit: perClientEmailChanges }],
    windowSeconds,
  );
}

/** The client's own edit: the staff edit, limited to client-editable custom fields, with consent from self-service. */
export async function updateOwnAccount(command: UpdateOwnAccountCommand): Promise<Client> {
  const { companyId, clientId, actor, patch, expectedVersion } = command;
  const current = await loadEditableClient(companyId, clientId);
  if (patch.email !== undefined && patch.email !== current.email) await enforceEmailChangeLimit(companyId, clientId);
  const fields = await fieldsOfClientGroup(companyId, current.groupId);
  const editable = new Set(fields.filter(editableByClient).map((field) => field.id));
  const refused = Object.keys(patch.customFields ?? {}).filter((id) => !editable.has(id));
  if (refused.length > 0) {
    throw new InvalidInputError(
      refused.map((id) => ({ path: `customFields.${id}`, message: "This field cannot be changed by clients." })),
    );
  }
  const stored = await updateStoredClient({
    companyId,
    clientId,
    actor,
    patch,
    expectedVersion,
    marketingSource: "self-service",
  });
  return toClientView(stored, "client", fields);
}
