/**
 * AWS KMS: the key-encryption key never leaves KMS; the encryption context
 * binds each data key to its client. Two separate modules (lib/crypto/kms/),
 * each importing only its own command, so a bundle that only encrypts (signup)
 * contains no Decrypt call and needs no kms:Decrypt (test/infra/synth.test.ts
 * checks it). Both are imported when first called: the KMS client (about
 * 27 KiB minified) stays in chunks that a cold start does not parse.
 */
export async function generateKmsDataKey(keyId: string, context: Record<string, string>) {
  return (await import("./kms/generate-data-key")).generateDataKey(keyId, context);
}

export async function decryptKmsDataKey(wrapped: string, context: Record<string, string>) {
  return (await import("./kms/decrypt-data-key")).decryptDataKey(wrapped, context);
}
