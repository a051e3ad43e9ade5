import { newDataKey, open, seal, unwrapDataKey } from "../crypto/key-provider";
import type { SealedSecret } from "../store/staff-mfa-repository";

/**
 * A TOTP secret is sealed like an encrypted custom field (envelope encryption:
 * AES-256-GCM under its own data key, which the KMS key, or locally the key
 * file, wraps), bound to its company and member so a sealed value moved to
 * another member does not open.
 */
const context = (companyId: string, staffId: string) => ({ companyId, staffId, purpose: "totp" });
const aad = (companyId: string, staffId: string) => Buffer.from(`${companyId}/${staffId}/totp`);

export async function sealTotpSecret(companyId: string, staffId: string, secret: string): Promise<SealedSecret> {
  const { plaintext, wrapped } = await newDataKey(context(companyId, staffId));
  const sealed = seal(plaintext, Buffer.from(secret), aad(companyId, staffId));
  plaintext.fill(0);
  return { sealed, wrappedKey: wrapped };
}

export async function openTotpSecret(companyId: string, staffId: string, secret: SealedSecret): Promise<string> {
  const key = await unwrapDataKey(secret.wrappedKey, context(companyId, staffId));
  const plain = open(key, secret.sealed, aad(companyId, staffId)).toString("utf8");
  key.fill(0);
  return plain;
}
