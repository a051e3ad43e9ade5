import { DecryptCommand } from "@aws-sdk/client-kms";
import { kmsClient } from "./kms-client";

export async function decryptDataKey(wrapped: string, context: Record<string, string>) {
  const out = await kmsClient().send(
    new DecryptCommand({ CiphertextBlob: Buffer.from(wrapped, "base64"), EncryptionContext: context }),
  );
  return Buffer.from(out.Plaintext!);
}
