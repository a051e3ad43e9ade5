import { SESClient } from "@aws-sdk/client-ses";
import { config } from "../config";

let client: SESClient | undefined;

/** The process-wide SES client; the endpoint comes from AWS_ENDPOINT_URL_SES when set. */
export function ses(): SESClient {
  client ??= new SESClient({ region: config().region });
  return client;
}
