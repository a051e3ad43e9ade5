import { randomBytes } from "node:crypto";
import { newDataKey, open, seal, unwrapDataKey } from "../crypto/key-provider";

/** A signing secret at rest: sealed under its own data key, the way encrypted custom fields are. */
export interface SealedSecret {
  sealed: string;
  wrappedKey: string;
  createdAt: string;
  /** Set when a rotation replaced it: it signs beside the new one until then. */
  expiresAt?: string;
}

/** 32 random bytes, shown once to the admin and never stored in clear. */
export const newSecret = (): string => `whsec_${randomBytes(32).toString("base64url")}`;

const context = (companyId: string, webhookId: string) => ({ companyId, webhookId, purpose: "webhook-secret" });
const aad = (companyId: string, webhookId: string) => Buffer.from(`${companyId}/${webhookId}/secret`);

export async function sealSecret(companyId: string, webhookId: string, secret: string): Promise<SealedSecret> {
  const { plaintext, wrapped } = await newDataKey(context(companyId, webhookId));
  const sealed = seal(plaintext, Buffer.from(secret, "utf8"), aad(companyId, webhookId));
  plaintext.fill(0);
  return { sealed, wrappedKey: wrapped, createdAt: new Date().toISOString() };
}

/** The secrets that sign now (a rotated-out one until it expires), in clear: only the deliverer calls this. */
export async function activeSecrets(
  companyId: string,
  webhookId: string,
  secrets: readonly SealedSecret[],
  now = new Date(),
): Promise<string[]> {
  const active = secrets.filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now.getTime());
  return Promise.all(
    active.map(async (s) => {
      const key = await unwrapDataKey(s.wrappedKey, context(companyId, webhookId));
      const secret = open(key, s.sealed, aad(companyId, webhookId)).toString("utf8");
      key.fill(0);
      return secret;
    }),
  );
}
