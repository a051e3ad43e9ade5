import { type CreatedClient, createdClientView } from "../../clients/create-client";
import { decryptFields } from "../../crypto/field-encryption";
import type { Client } from "../../domain/client";
import { etagOf } from "../../http/conditional";
import { created } from "../../http/response";
import type { ApiResult } from "../../http/route";
import type { StoredResponse } from "../../store/idempotency-repository";

/**
 * The answer to a staff create, and what its idempotency record keeps for
 * replays: not the generated password (shown once, never stored), and the
 * encrypted custom values not in clear but sealed, as the client item holds them.
 */
export async function createdClientAnswer(result: CreatedClient): Promise<ApiResult> {
  const view = await createdClientView(result);
  const headers = { etag: etagOf(view.version), location: `/v1/clients/${view.id}` };
  const sealed = result.stored.encryptedFields;
  const secretIds = new Set(Object.keys(sealed?.values ?? {}));
  const clearValues = Object.fromEntries(Object.entries(view.customFields).filter(([id]) => !secretIds.has(id)));
  const generated = result.generatedPassword ? { generatedPassword: result.generatedPassword } : {};
  return {
    ...created({ ...view, ...generated }, headers),
    stored: { status: 201, headers, body: { ...view, customFields: clearValues }, ...(sealed ? { sealed } : {}) },
  };
}

/** A replay answers what the first attempt did (without the generated password): the sealed values decrypted again. */
export async function replayCreatedClient(companyId: string, stored: StoredResponse): Promise<ApiResult> {
  const { sealed, ...answer } = stored;
  if (!sealed) return answer;
  const client = answer.body as Client;
  const secret = await decryptFields(companyId, client.id, sealed);
  return { ...answer, body: { ...client, customFields: { ...client.customFields, ...secret } } };
}
