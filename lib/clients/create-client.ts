import { config } from "../config";
import { encryptFields } from "../crypto/field-encryption";
import {
  type Client,
  type ClientCreate,
  type ClientStatus,
  type CustomFieldValue,
  clientRuleErrors,
  type MarketingSource,
} from "../domain/client";
import { resolveCustomFieldValues } from "../domain/custom-field";
import type { Actor } from "../domain/history";
import { defaultFax, normalisePhones } from "../domain/phone";
import { ConflictError, InvalidInputError } from "../errors/application-errors";
import { createClientUser, deleteClientUser } from "../identity/client-users";
import { generatePassword } from "../identity/passwords";
import { logger } from "../observability/logger";
import { recordMetric } from "../observability/metrics";
import {
  type ClientCreation,
  createClientsAtOnce,
  discardReservation,
  finalizeClient,
  reserveClient,
  UsernameTakenError,
} from "../store/client-creation-repository";
import { getStoredClient, type StoredClient } from "../store/client-repository";
import { nextClientNumber } from "../store/company-repository";
import { listCompanyFields } from "../store/custom-field-repository";
import { identityPutItem } from "../store/identity-repository";
import { clientCreatedEvents } from "../webhooks/events";
import { type ClientContext, clientContext, resolveLocale } from "./client-settings";
import { splitSecretValues, staffViewWith, toClientView } from "./client-view";
import { verificationEmailRecords } from "./email-verification";
import { historyEvent } from "./history-event";

export interface CreateClientCommand {
  companyId: string;
  /** Chosen by the first attempt; a retry with the same Idempotency-Key passes the same id. */
  clientId: string;
  actor: Actor;
  input: ClientCreate;
  source: Extract<MarketingSource, "staff" | "signup">;
  /** How the client came in, when not by the staff or signup route (metrics only). */
  via?: "import";
  status?: ClientStatus;
  /** A number chosen by the caller (an import keeping the source's numbers); the next one by default. */
  number?: number;
  /** The company, group and fields, when the caller already loaded them (an import chunk, once per group). */
  context?: ClientContext;
  /** The client item at this id as the caller just read it (null: none), to spare a second read. */
  previous?: StoredClient | null;
}

export interface CreatedClient {
  /** The client as stored: its encrypted values sealed. */
  stored: StoredClient;
  /**
   * Its encrypted values in clear when this call sealed them; null when an
   * earlier attempt with the same id had finished the create, so only a
   * decryption shows them (which signup, allowed only to encrypt, never does).
   */
  secretValues: Record<string, CustomFieldValue> | null;
  generatedPassword?: string;
}

export const usernameTaken = () =>
  new ConflictError("This username is taken. Choose another one, or specify a username.", "username-taken");

/**
 * Creates a client and its sign-in account so that a failure anywhere leaves
 * either both or neither: reserve (client pending + username, one transaction),
 * create the Cognito user, finalize (client live + history + outbox + identity
 * + index, one transaction). A failed step undoes the earlier ones; a crash is
 * finished by a retry with the same id, or expires with the reservation.
 */
export async function createClient(command: CreateClientCommand): Promise<CreatedClient> {
  const { companyId, clientId, input } = command;
  const previous = await previousOf(command);
  if (previous && !previous.pending) return { stored: previous, secretValues: null };
  const { client, secret } = await buildClient(command, previous);

  try {
    await reserveClient(client);
  } catch (error) {
    if (error instanceof UsernameTakenError) throw usernameTaken();
    throw error;
  }

  const generatedPassword = input.password === undefined ? generatePassword() : undefined;
  try {
    const sub = await createClientUser(companyId, clientId, input.password ?? generatedPassword!);
    const { history, puts } = await registrationRecords(command, client);
    puts.unshift(identityPutItem(config().clientPool.userPoolId, sub, { companyId, clientId }));
    if (!(await finalizeClient(client, { history, puts, events: clientCreatedEvents(client, command.source) }))) {
      throw new Error("the reservation expired before the client could be finalized");
    }
  } catch (error) {
    await undoCreate(client);
    throw error;
  }
  recordMetric("ClientsCreated", command.via ?? command.source);
  return { stored: client, secretValues: secret, ...(generatedPassword ? { generatedPassword } : {}) };
}

const previousOf = (command: CreateClientCommand) =>
  command.previous !== undefined ? command.previous : getStoredClient(command.companyId, command.clientId);

/** The client a create writes, checked by the company's rules (422 otherwise), with its encrypted values in clear. */
async function buildClient(command: CreateClientCommand, previous: StoredClient | null) {
  const { companyId, clientId, input } = command;
  const context = command.context ?? (await clientContext(companyId, input.groupId));
  const { locale, custom, errors } = createRuleErrors(context, input);
  if (errors.length > 0) throw new InvalidInputError(errors);
  const now = new Date().toISOString();
  const phones = await normalisePhones(input.phones ?? [], input.country);
  const { plain, secret } = splitSecretValues(context.fields, custom.values);
  const client: StoredClient = {
    id: clientId,
    companyId,
    number:
      previous?.number ?? command.number ?? (await nextClientNumber(companyId, context.company.clientNumberStart)),
    firstName: input.firstName,
    lastName: input.lastName,
    company: input.company ?? null,
    title: input.title ?? null,
    address1: input.address1 ?? null,
    address2: input.address2 ?? null,
    city: input.city ?? null,
    country: input.country,
    state: input.state ?? null,
    zip: input.zip ?? null,
    email: input.email,
    phones,
    defaultFax: defaultFax(phones),
    taxExempt: input.taxExempt ?? context.group.settings.taxExemptByDefault,
    taxId: input.taxId ?? null,
    currency: locale.currency,
    username: input.username ?? input.email,
    usernameIsEmail: input.username === undefined,
    language: locale.language,
    groupId: context.group.id,
    status: command.status ?? "active",
    marketing: { optIn: input.marketingOptIn, changedAt: now, source: command.source },
    customFields: plain,
    encryptedFields: await encryptFields(companyId, clientId, secret),
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
    version: 1,
  };
  return { client, secret };
}

/** A client ready to be written without a sign-in account (lib/store/client-creation-repository.ts). */
export interface PreparedClient extends ClientCreation {
  secretValues: Record<string, CustomFieldValue>;
  via: CreateClientCommand["via"] | CreateClientCommand["source"];
}

/**
 * Prepares a create that opens no sign-in account (an import: the client has
 * no password anyway and must choose one; the first password set, by a reset
 * link or by staff, creates the Cognito user). Nothing is written yet; 422
 * when the company's rules refuse the input.
 */
export async function prepareClientWithoutSignIn(command: CreateClientCommand): Promise<PreparedClient> {
  const built = await buildClient(command, await previousOf(command));
  const client: StoredClient = { ...built.client, signInDeferred: true };
  const { history, puts } = await registrationRecords(command, client);
  return {
    client,
    extras: { history, puts, events: clientCreatedEvents(client, command.source) },
    secretValues: built.secret,
    via: command.via ?? command.source,
  };
}

/** Writes prepared creates in one transaction; false (nothing written) when one of them cannot be (`writePreparedClient` tells which). */
export async function writePreparedClients(prepared: PreparedClient[]): Promise<boolean> {
  if (!(await createClientsAtOnce(prepared)).created) return false;
  for (const { via } of prepared) recordMetric("ClientsCreated", via);
  return true;
}

/** Writes one prepared create: 409 `username-taken`, or the client an earlier attempt created. */
export async function writePreparedClient(prepared: PreparedClient): Promise<CreatedClient> {
  const outcome = await createClientsAtOnce([prepared]);
  if (outcome.created) {
    recordMetric("ClientsCreated", prepared.via);
    return { stored: prepared.client, secretValues: prepared.secretValues };
  }
  if (!outcome.clientExists) throw usernameTaken();
  const stored = await getStoredClient(prepared.client.companyId, prepared.client.id);
  if (!stored || stored.pending) throw new Error("an earlier attempt's reservation of this client is still open");
  return { stored, secretValues: null };
}

/** The registration email's outbox and link token when asked for, with their history event. */
async function registrationRecords(command: CreateClientCommand, client: StoredClient) {
  const history = [historyEvent("created", command.actor)];
  const puts: Record<string, unknown>[] = [];
  if (command.input.sendRegistrationEmail) {
    history.push(historyEvent("email-queued", command.actor, { detail: "account-registration" }));
    // The registration email carries the link that verifies the address.
    const { outbox, token } = await verificationEmailRecords(client, "account-registration");
    puts.push(outbox, ...token);
  }
  return { history, puts };
}

/**
 * The rules a create body is checked by beyond its schema, against the company
 * and group: currency and language offered, state and VAT number of the
 * country, custom field values. An import's dry run checks its rows by the same.
 */
export function createRuleErrors(context: ClientContext, input: ClientCreate) {
  const locale = resolveLocale(context, input);
  const custom = resolveCustomFieldValues(context.fields, input.customFields ?? {});
  const rules = clientRuleErrors({ country: input.country, state: input.state ?? null, taxId: input.taxId ?? null });
  return { locale, custom, errors: [...locale.errors, ...rules, ...custom.errors] };
}

/** The staff view of a created client; decrypts only what an earlier attempt sealed. */
export async function createdClientView({ stored, secretValues }: CreatedClient): Promise<Client> {
  return secretValues ? staffViewWith(stored, secretValues) : toClientView(stored, "staff");
}

/**
 * What makes two creates "the same request" for an Idempotency-Key, without
 * what the record may not keep even hashed: the password (only whether one
 * was sent) and encrypted custom values (an unsalted hash of a short value,
 * such as a passport number, is reversed by trying every value). A retry that
 * differs only there is taken for the same request.
 */
export async function createFingerprint(
  companyId: string,
  body: { password?: string; customFields?: Record<string, CustomFieldValue> },
): Promise<unknown> {
  const encrypted = new Set((await listCompanyFields(companyId)).filter((f) => f.encrypted).map((f) => f.id));
  const customFields =
    body.customFields &&
    Object.fromEntries(
      Object.entries(body.customFields).map(([id, value]) => [id, encrypted.has(id) ? "(encrypted)" : value]),
    );
  return { ...body, password: body.password === undefined ? undefined : "(set)", customFields };
}

/** Best effort: what is left behind still expires with the reservation, and a retry completes or clears it. */
async function undoCreate(client: StoredClient): Promise<void> {
  try {
    await deleteClientUser(client.id);
    await discardReservation(client);
  } catch (error) {
    logger.warn("could not undo a failed client create; the reservation will expire", {
      clientId: client.id,
      error: (error as Error).name,
    });
  }
}
