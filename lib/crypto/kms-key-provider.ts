import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { config } from "../config";
import type { KeyProvider } from "./key-provider";

/** AWS KMS: the key-encryption key never leaves KMS; the encryption context binds each data key to its client. */
export class KmsKeyProvider implements KeyProvider {
  private readonly kms = new KMSClient({ region: config().region });

  constructor(private readonly keyId: string) {}

  async generateDataKey(context: Record<string, string>) {
    const out = await this.kms.send(
      new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: "AES_256", EncryptionContext: context }),
    );
    return { plaintext: Buffer.from(out.Plaintext!), wrapped: Buffer.from(out.CiphertextBlob!).toString("base64") };
  }

  async unwrap(wrapped: string, context: Record<string, string>) {
    const out = await this.kms.send(
      new DecryptCommand({ CiphertextBlob: Buffer.from(wrapped, "base64"), EncryptionContext: context }),
    );
    return Buffer.from(out.Plaintext!);
  }
}
