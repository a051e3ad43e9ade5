import type { Jwks } from "aws-jwt-verify/jwk";
import { config } from "../config";
import { issuerOf, tokenVerifier } from "../identity/token-verifier";

/**
 * The emulator serves its JWKS over plain http, which aws-jwt-verify refuses to
 * fetch; so the local stack loads the keys once and hands them to the verifier.
 */
export async function preloadJwks(): Promise<void> {
  for (const pool of [config().staffPool, config().clientPool]) {
    const issuer = issuerOf(pool.userPoolId);
    const response = await fetch(`${issuer}/.well-known/jwks.json`);
    if (!response.ok) throw new Error(`Could not read the JWKS of ${issuer}: HTTP ${response.status}`);
    tokenVerifier().cacheJwks((await response.json()) as Jwks, issuer);
  }
}
