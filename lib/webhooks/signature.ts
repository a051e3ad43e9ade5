import { createHmac } from "node:crypto";

/**
 * `Clientele-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, one `v1`
 * per active secret (two while a rotated-out secret still signs), so a receiver holding either
 * verifies. The timestamp is signed with the body: a receiver refuses old ones to stop replays.
 */
export function signatureHeader(secrets: readonly string[], body: string, timestamp: number): string {
  const signed = `${timestamp}.${body}`;
  return [
    `t=${timestamp}`,
    ...secrets.map((secret) => `v1=${createHmac("sha256", secret).update(signed).digest("hex")}`),
  ].join(",");
}
