import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { config } from "../config";

/**
 * Cognito calls go through one module per operation (lib/identity/cognito/*.ts), each imported with
 * `await import()` where it is sent: the SDK's Cognito client (about 35 KiB minified) then stays in chunks
 * that a cold start does not parse, and a function's bundle holds only the operations it sends (the synth
 * test checks each against the function's IAM grants).
 */
let client: CognitoIdentityProviderClient | undefined;

/** The process-wide Cognito client; the endpoint comes from AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER when set. */
export function cognito(): CognitoIdentityProviderClient {
  client ??= new CognitoIdentityProviderClient({ region: config().region });
  return client;
}
