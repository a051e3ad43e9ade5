import { GenerateDataKeyCommand } from "@aws-sdk/client-kms";
import { kmsClient } from "./kms-client";

export async function generateDataKey(keyId: string, context: Record<string, string>) {
  const out = await kmsClient().send(
    new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256", EncryptionContext: context }),
  );
  return { plaintext: Buffer.from(out.Plaintext!), wrapped: Buffer.from(out.CiphertextBlob!).toString("base64") };
}
