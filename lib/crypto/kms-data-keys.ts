import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { config } from "../config";

/**
 * AWS KMS: the key-encryption key never leaves KMS; the encryption context
 * binds each data key to its client. Two separate functions, each importing
 * only its own command, so a bundle that only encrypts (signup) contains no
 * Decrypt call and needs no kms:Decrypt (test/infra/synth.test.ts checks it).
 */
let kms: KMSClient | undefined;
const client = () => {
  kms ??= new KMSClient({ region: config().region });
  return kms;
};

export async function generateKmsDataKey(keyId: string, context: Record<string, string>) {
  const out = await client().send(
    new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256", EncryptionContext: context }),
  );
  return { plaintext: Buffer.from(out.Plaintext!), wrapped: Buffer.from(out.CiphertextBlob!).toString("base64") };
}

export async function decryptKmsDataKey(wrapped: string, context: Record<string, string>) {
  const out = await client().send(
    new DecryptCommand({ CiphertextBlob: Buffer.from(wrapped, "base64"), EncryptionContext: context }),
  );
  return Buffer.from(out.Plaintext!);
}
