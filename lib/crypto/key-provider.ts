import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { config } from "../config";
import { decryptKmsDataKey, generateKmsDataKey } from "./kms-data-keys";

/** A key-encryption key in a file (created on first use, mode 600): for machines without KMS, such as the local stack. */
class FileKeyProvider {
  private kek: Buffer | undefined;

  constructor(private readonly file: string) {}

  private key(): Buffer {
    if (!this.kek) {
      if (!existsSync(this.file)) writeFileSync(this.file, randomBytes(32).toString("base64"), { mode: 0o600 });
      this.kek = Buffer.from(readFileSync(this.file, "utf8").trim(), "base64");
    }
    return this.kek;
  }

  generateDataKey(context: Record<string, string>) {
    const plaintext = randomBytes(32);
    return { plaintext, wrapped: seal(this.key(), plaintext, contextAad(context)) };
  }

  unwrap(wrapped: string, context: Record<string, string>) {
    return open(this.key(), wrapped, contextAad(context));
  }
}

const contextAad = (context: Record<string, string>) =>
  Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b))));

let fileProvider: FileKeyProvider | undefined;

/** Where the key-encryption key is: KMS when a key id is configured, else the key file. */
function keyEncryptionKey(): { kmsKeyId: string } | { file: FileKeyProvider } {
  const { fieldKeyId, fieldKeyFile } = config();
  if (fieldKeyId) return { kmsKeyId: fieldKeyId };
  if (!fieldKeyFile) {
    throw new Error("Set CLIENTELE_FIELD_KEY_ID (a KMS key) or CLIENTELE_FIELD_KEY_FILE to encrypt custom fields");
  }
  if (fileProvider === undefined) fileProvider = new FileKeyProvider(fieldKeyFile);
  return { file: fileProvider };
}

/**
 * A fresh 256-bit data key, and the same key wrapped by the key-encryption key.
 * Encrypting and unwrapping are separate functions (not one provider object)
 * so that code which only encrypts bundles no way to decrypt.
 */
export async function newDataKey(context: Record<string, string>): Promise<{ plaintext: Buffer; wrapped: string }> {
  const kek = keyEncryptionKey();
  return "kmsKeyId" in kek ? generateKmsDataKey(kek.kmsKeyId, context) : kek.file.generateDataKey(context);
}

/** The data key a `newDataKey` call wrapped, for the same context. */
export async function unwrapDataKey(wrapped: string, context: Record<string, string>): Promise<Buffer> {
  const kek = keyEncryptionKey();
  return "kmsKeyId" in kek ? decryptKmsDataKey(wrapped, context) : kek.file.unwrap(wrapped, context);
}

/** AES-256-GCM: base64 of iv (12 bytes) | tag (16 bytes) | ciphertext, bound to `aad`. */
export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

export function open(key: Buffer, sealed: string, aad: Buffer): Buffer {
  const raw = Buffer.from(sealed, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAAD(aad);
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}
