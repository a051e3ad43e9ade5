import type { CustomFieldValue } from "../domain/client";
import { newDataKey, open, seal, unwrapDataKey } from "./key-provider";

export interface EncryptedFields {
  /** Sealed JSON values by field id. */
  values: Record<string, string>;
  /** The data key, wrapped by the key-encryption key. */
  wrappedKey: string;
}

const aad = (companyId: string, clientId: string, fieldId: string) =>
  Buffer.from(`${companyId}/${clientId}/${fieldId}`);

/** Encrypts a client's secret field values under one fresh data key; each value is bound to its client and field. */
export async function encryptFields(
  companyId: string,
  clientId: string,
  values: Record<string, CustomFieldValue>,
): Promise<EncryptedFields | null> {
  const entries = Object.entries(values);
  if (entries.length === 0) return null;
  const { plaintext, wrapped } = await newDataKey({ companyId, clientId });
  const sealed: Record<string, string> = {};
  for (const [fieldId, value] of entries) {
    sealed[fieldId] = seal(plaintext, Buffer.from(JSON.stringify(value)), aad(companyId, clientId, fieldId));
  }
  plaintext.fill(0);
  return { values: sealed, wrappedKey: wrapped };
}

export async function decryptFields(
  companyId: string,
  clientId: string,
  encrypted: EncryptedFields | null | undefined,
): Promise<Record<string, CustomFieldValue>> {
  if (!encrypted || Object.keys(encrypted.values).length === 0) return {};
  const key = await unwrapDataKey(encrypted.wrappedKey, { companyId, clientId });
  const out: Record<string, CustomFieldValue> = {};
  for (const [fieldId, sealed] of Object.entries(encrypted.values)) {
    out[fieldId] = JSON.parse(
      open(key, sealed, aad(companyId, clientId, fieldId)).toString("utf8"),
    ) as CustomFieldValue;
  }
  key.fill(0);
  return out;
}
