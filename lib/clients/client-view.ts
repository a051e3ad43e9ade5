import { decryptFields } from "../crypto/field-encryption";
import type { Client, CustomFieldValue } from "../domain/client";
import type { CustomField } from "../domain/custom-field";
import { publicClient } from "../domain/public-client";
import { type StoredClient, withoutStoreAttributes } from "../store/client-repository";

/** Splits custom values into those stored in clear and those sealed by envelope encryption. */
export function splitSecretValues(fields: CustomField[], values: Record<string, CustomFieldValue>) {
  const encrypted = new Set(fields.filter((f) => f.encrypted).map((f) => f.id));
  const plain: Record<string, CustomFieldValue> = {};
  const secret: Record<string, CustomFieldValue> = {};
  for (const [id, value] of Object.entries(values)) (encrypted.has(id) ? secret : plain)[id] = value;
  return { plain, secret };
}

/**
 * The staff view of a client whose encrypted values are at hand in clear (a
 * create that has just sealed them): no data key is unwrapped, so code that
 * may only encrypt (signup) can answer without kms:Decrypt.
 */
export function staffViewWith(stored: StoredClient, secret: Record<string, CustomFieldValue>): Client {
  const client = withoutStoreAttributes(stored);
  return publicClient({ ...client, customFields: { ...client.customFields, ...secret } }) as Client;
}

/**
 * The client as the API returns it. Staff see every custom value, encrypted
 * ones decrypted; a client sees only the fields visible to clients, and never
 * an encrypted one.
 */
export async function toClientView(
  stored: StoredClient,
  audience: "staff" | "client",
  fields: CustomField[] = [],
): Promise<Client> {
  if (audience === "staff") {
    return staffViewWith(stored, await decryptFields(stored.companyId, stored.id, stored.encryptedFields));
  }
  const client = withoutStoreAttributes(stored);
  const shown = new Set(fields.filter((f) => f.visibleToClient && !f.encrypted).map((f) => f.id));
  const customFields = Object.fromEntries(Object.entries(client.customFields).filter(([id]) => shown.has(id)));
  return publicClient({ ...client, customFields }) as Client;
}
