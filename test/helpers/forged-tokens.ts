import { createSign } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Re-signs a token with cognito-local's own key after changing its claims:
 * a validly signed token carrying claims the user could have written into
 * their own attributes (a pool whose custom attributes are writable, or a
 * token from before they were made immutable). The API must ignore them.
 */
export function withClaims(token: string, claims: Record<string, unknown>): string {
  const [header, payload] = token.split(".");
  const body = { ...JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")), ...claims };
  const signingInput = `${header}.${Buffer.from(JSON.stringify(body)).toString("base64url")}`;
  const signature = createSign("RSA-SHA256").update(signingInput).sign(privateKeyPem(), "base64url");
  return `${signingInput}.${signature}`;
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));
}

let pem: string | undefined;
function privateKeyPem(): string {
  const require = createRequire(import.meta.url);
  const file = require.resolve("cognito-local/lib/keys/cognitoLocal.private.json");
  pem ??= (JSON.parse(readFileSync(file, "utf8")) as { pem: string }).pem;
  return pem;
}
