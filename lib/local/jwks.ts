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
    tokenVerifier().cacheJwks(await fetchJwks(issuer), issuer);
  }
}

/** A busy emulator sometimes drops a kept-alive socket: ask on a fresh connection, a few times. */
async function fetchJwks(issuer: string, attempts = 4): Promise<Jwks> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${issuer}/.well-known/jwks.json`, { headers: { connection: "close" } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as Jwks;
    } catch (error) {
      if (attempt >= attempts) throw new Error(`Could not read the JWKS of ${issuer}: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}
