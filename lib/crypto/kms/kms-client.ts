import { KMSClient } from "@aws-sdk/client-kms";
import { config } from "../../config";

let kms: KMSClient | undefined;

/** The process-wide KMS client. */
export function kmsClient(): KMSClient {
  kms ??= new KMSClient({ region: config().region });
  return kms;
}
