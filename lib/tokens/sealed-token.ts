import { newDataKey, open, seal, unwrapDataKey } from "../crypto/key-provider";

/**
 * A one-time token on its way to the mailer. The outbox item that carries a link must not hold the token in
 * clear (the table keeps tokens only as hashes), so it is sealed under a fresh data key (envelope
 * encryption, like encrypted custom fields) bound to its message, and the mailer removes it once sent.
 */
export interface TokenContext {
  companyId: string;
  messageId: string;
}

const context = ({ companyId, messageId }: TokenContext) => ({ companyId, messageId, use: "one-time-token" });
const aad = ({ companyId, messageId }: TokenContext) => Buffer.from(`${companyId}/${messageId}/one-time-token`);

/** `<wrapped data key>.<sealed token>`, for the outbox item's `sealedToken`. */
export async function sealToken(token: string, where: TokenContext): Promise<string> {
  const { plaintext, wrapped } = await newDataKey(context(where));
  const sealed = seal(plaintext, Buffer.from(token), aad(where));
  plaintext.fill(0);
  return `${wrapped}.${sealed}`;
}

export async function openToken(sealedToken: string, where: TokenContext): Promise<string> {
  const [wrapped, sealed] = sealedToken.split(".");
  if (!wrapped || !sealed) throw new Error("a sealed token is <wrapped key>.<sealed token>");
  const key = await unwrapDataKey(wrapped, context(where));
  const token = open(key, sealed, aad(where)).toString("utf8");
  key.fill(0);
  return token;
}
