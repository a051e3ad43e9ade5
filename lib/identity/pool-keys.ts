import type { Jwks } from "aws-jwt-verify/jwk";
import { config } from "../config";

/**
 * The user pools' token signing keys, as the functions get them in their environment: fetched once at deploy
 * (functions/pool-keys.ts, a CloudFormation custom resource) or as the local stack starts, so that no cold
 * start waits for the JWKS endpoint before it can check a token. A token signed with a key not among them
 * (rotated since) is still checked: the verifier then fetches the pool's JWKS as it would without them.
 */
export const POOL_KEYS_ENV = "CLIENTELE_POOL_KEYS";

/** Each pool's RSA keys as [kid, n, e]: Cognito signs with RS256 only, and a function's environment holds 4 KB in all. */
export type PackedPoolKeys = Record<string, [kid: string, n: string, e: string][]>;

/** The issuer URL of a Cognito user pool: the `iss` of its tokens, under which it publishes its JWKS. */
export function issuerOf(userPoolId: string): string {
  return `${config().cognitoIssuerBase}/${userPoolId}`;
}

export const jwksUriOf = (userPoolId: string) => `${issuerOf(userPoolId)}/.well-known/jwks.json`;

/** The pools' keys from their JWKS endpoints, packed for the functions' environment. */
export async function readPoolKeys(userPoolIds: string[]): Promise<string> {
  const jwks = await Promise.all(userPoolIds.map((pool) => fetchJwks(jwksUriOf(pool))));
  return packPoolKeys(Object.fromEntries(userPoolIds.map((pool, i) => [pool, jwks[i]!])));
}

/** The pools' JWKS, packed: only the RS256 signing keys, only what checks a signature. */
export function packPoolKeys(jwksByPool: Record<string, Jwks>): string {
  const packed: PackedPoolKeys = {};
  for (const [poolId, jwks] of Object.entries(jwksByPool)) {
    packed[poolId] = jwks.keys.flatMap((key) =>
      key.kty === "RSA" && (key.alg ?? "RS256") === "RS256" && (key.use ?? "sig") === "sig" && key.kid
        ? [[key.kid, String(key.n), String(key.e)] as [string, string, string]]
        : [],
    );
  }
  return JSON.stringify(packed);
}

/** Each pool's JWKS back from `packPoolKeys`; none when the value is missing or not what it packs. */
export function unpackPoolKeys(value: string | undefined): Map<string, Jwks> {
  const jwksByPool = new Map<string, Jwks>();
  if (!value) return jwksByPool;
  try {
    for (const [poolId, keys] of Object.entries(JSON.parse(value) as PackedPoolKeys)) {
      if (!Array.isArray(keys)) continue;
      const jwks = keys
        .filter((key) => Array.isArray(key) && key.length === 3 && key.every((part) => typeof part === "string"))
        .map(([kid, n, e]) => ({ kid, n, e, kty: "RSA", alg: "RS256", use: "sig" }));
      jwksByPool.set(poolId, { keys: jwks });
    }
  } catch {
    // Not ours: the verifier fetches the keys instead.
  }
  return jwksByPool;
}

/** A pool's JWKS from its endpoint; a few attempts on fresh connections (an endpoint may drop a kept-alive socket). */
export async function fetchJwks(jwksUri: string, attempts = 4): Promise<Jwks> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(jwksUri, { headers: { connection: "close" }, signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as Jwks;
    } catch (error) {
      if (attempt >= attempts) throw new Error(`Could not read the JWKS at ${jwksUri}: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}

/** Beside the rest of a function's environment, the keys fit its 4 KB only this large. */
export const POOL_KEYS_MAX_LENGTH = 2800;

/**
 * The pools' keys for the functions' environment at deploy, or "" when they cannot be read or are too
 * large: a deploy never fails for them, the functions then fetch the keys on their first token.
 */
export async function poolKeysForDeploy(userPoolIds: string[], warn: (message: string) => void): Promise<string> {
  try {
    const packed = await readPoolKeys(userPoolIds);
    if (packed.length <= POOL_KEYS_MAX_LENGTH) return packed;
    warn(`The pools' keys take ${packed.length} characters, over ${POOL_KEYS_MAX_LENGTH}: not handed over.`);
  } catch (error) {
    warn(`The pools' keys could not be read: ${(error as Error).message}`);
  }
  return "";
}
