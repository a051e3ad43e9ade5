import { setTimeout as sleep } from "node:timers/promises";
import { decryptFields, encryptFields } from "../crypto/field-encryption";
import { CLIENT_FIELDS, type Client, type ClientPatch, clientRuleErrors, type MarketingSource } from "../domain/client";
import { resolveCustomFieldValues } from "../domain/custom-field";
import type { Actor, HistoryEvent } from "../domain/history";
import { defaultFax, normalisePhones } from "../domain/phone";
import { assertVersion } from "../domain/version";
import { ConflictError, InvalidInputError, StaleVersionError } from "../errors/application-errors";
import { ClientWriteConflict, replaceClient, type StoredClient } from "../store/client-repository";
import { clientChangeEvents } from "../webhooks/events";
import { clientContext, resolveLocale } from "./client-settings";
import { splitSecretValues, toClientView } from "./client-view";
import { usernameTaken } from "./create-client";
import { emailChanged, verificationEmailItems } from "./email-verification";
import { loadEditableClient } from "./get-client";
import { historyEvent } from "./history-event";

export interface UpdateClientCommand {
  companyId: string;
  clientId: string;
  actor: Actor;
  patch: ClientPatch;
  /** The If-Match version, when sent. */
  expectedVersion?: number;
  marketingSource: Extract<MarketingSource, "staff" | "self-service">;
}

const COMPARED_FIELDS = [...CLIENT_FIELDS, "customFields"] as const;

/** Applies a partial change and returns the client as staff see it. */
export async function updateClient(command: UpdateClientCommand): Promise<Client> {
  return toClientView(await updateStoredClient(command), "staff");
}

/** Attempts of a change without If-Match before the caller is told to send it again. */
const UNCONDITIONAL_ATTEMPTS = 5;

/**
 * Applies a partial change; without If-Match a lost race is retried on the fresh state, after a short random
 * pause so that writers racing for one client do not collide again in step.
 */
export async function updateStoredClient(command: UpdateClientCommand): Promise<StoredClient> {
  for (let attempt = 1; ; attempt++) {
    const before = await loadEditableClient(command.companyId, command.clientId);
    assertVersion(command.expectedVersion, before.version);
    const { after, history } = await applyPatch(before, command);
    if (history.length === 0) return before;
    // A new address is unverified until the link sent to it (in the same transaction) is followed.
    const verification = emailChanged(before, after) ? await verificationEmailItems(after, command.actor) : [];
    try {
      await replaceClient(before, after, history, clientChangeEvents(before, after), verification);
      return after;
    } catch (error) {
      if (!(error instanceof ClientWriteConflict)) throw error;
      if (error.reason === "username") throw usernameTaken();
      if (error.reason === "group")
        throw new InvalidInputError([{ path: "groupId", message: "The group was deleted meanwhile." }]);
      if (command.expectedVersion !== undefined) {
        throw new StaleVersionError("The client changed meanwhile; read it again and retry.");
      }
      // Without If-Match nothing the caller read is stale: the change itself met other writes too often.
      if (attempt >= UNCONDITIONAL_ATTEMPTS) {
        throw new ConflictError(
          "The client is being changed by other requests right now; send the change again.",
          "edit-conflict",
        );
      }
      await sleep(10 + Math.random() * 20 * attempt);
    }
  }
}

async function applyPatch(before: StoredClient, command: UpdateClientCommand) {
  const { patch, companyId } = command;
  const groupChanges = patch.groupId !== undefined && patch.groupId !== before.groupId;
  const context = await clientContext(companyId, patch.groupId ?? before.groupId);
  const errors = [];
  if (patch.currency !== undefined || patch.language !== undefined || groupChanges) {
    errors.push(
      ...resolveLocale(context, {
        currency: patch.currency ?? before.currency,
        language: patch.language ?? before.language,
      }).errors,
    );
  }
  const currentSecret = await decryptFields(companyId, before.id, before.encryptedFields);
  const currentValues = { ...before.customFields, ...currentSecret };
  const custom = resolveCustomFieldValues(context.fields, patch.customFields ?? {}, groupChanges ? {} : currentValues);
  const country = patch.country ?? before.country;
  const state = patch.state === undefined ? (patch.country !== undefined ? null : before.state) : patch.state;
  const taxId = patch.taxId === undefined ? before.taxId : patch.taxId;
  errors.push(...clientRuleErrors({ country, state, taxId }), ...custom.errors);
  if (errors.length > 0) throw new InvalidInputError(errors);

  const email = patch.email ?? before.email;
  const usernameIsEmail = patch.username === undefined && before.usernameIsEmail;
  const phones =
    patch.phones !== undefined || patch.country !== undefined
      ? await normalisePhones(patch.phones ?? before.phones.map(({ e164: _, ...p }) => p), country)
      : before.phones;
  const now = new Date().toISOString();
  const { plain, secret } = splitSecretValues(context.fields, custom.values);
  const draft: StoredClient = {
    ...before,
    ...stripUndefined(patch),
    country,
    state,
    taxId,
    email,
    phones,
    defaultFax: defaultFax(phones),
    username: patch.username ?? (usernameIsEmail ? email : before.username),
    usernameIsEmail,
    groupId: context.group.id,
    customFields: plain,
    marketing:
      patch.marketingOptIn !== undefined && patch.marketingOptIn !== before.marketing.optIn
        ? { optIn: patch.marketingOptIn, changedAt: now, source: command.marketingSource }
        : before.marketing,
  };
  delete (draft as Partial<ClientPatch>).marketingOptIn;

  const changed = COMPARED_FIELDS.filter(
    (f) => JSON.stringify(draft[f]) !== JSON.stringify(f === "customFields" ? before.customFields : before[f]),
  );
  const secretChanged = JSON.stringify(secret) !== JSON.stringify(currentSecret);
  if (secretChanged && !changed.includes("customFields")) changed.push("customFields");
  const history: HistoryEvent[] = [];
  if (changed.length > 0) history.push(historyEvent("updated", command.actor, { fields: [...changed] }));
  if (draft.marketing !== before.marketing) {
    history.push(
      historyEvent("marketing-changed", command.actor, {
        to: draft.marketing.optIn ? "opt-in" : "opt-out",
        detail: command.marketingSource,
      }),
    );
  }
  const after: StoredClient = {
    ...draft,
    ...(emailChanged(before, draft) ? { emailVerified: false, emailVerifiedAt: null } : {}),
    encryptedFields: secretChanged ? await encryptFields(companyId, before.id, secret) : before.encryptedFields,
    updatedAt: history.length > 0 ? now : before.updatedAt,
    version: history.length > 0 ? before.version + 1 : before.version,
  };
  return { after, history };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
