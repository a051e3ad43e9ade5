import { JwtVerifier } from "aws-jwt-verify";
import { decomposeUnverifiedJwt } from "aws-jwt-verify/jwt";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import { config, type PoolConfig } from "../config";
import type { Audience } from "../domain/audience";
import { issuerOf, jwksUriOf, unpackPoolKeys } from "./pool-keys";

export interface VerifiedToken {
  audience: Audience;
  userPoolId: string;
  payload: JwtPayload;
}

function poolEntry(pool: PoolConfig) {
  const issuer = issuerOf(pool.userPoolId);
  return {
    issuer,
    jwksUri: jwksUriOf(pool.userPoolId),
    // ID tokens name the app client in `aud`, access tokens in `client_id`.
    audience: null,
    customJwtCheck: ({ payload }: { payload: JwtPayload }) => {
      const appClient = payload.token_use === "access" ? payload.client_id : payload.aud;
      if (appClient !== pool.appClientId) throw new Error("token was issued to another app client");
      if (payload.token_use !== "access" && payload.token_use !== "id") throw new Error("not an ID or access token");
    },
  };
}

let verifier: ReturnType<typeof createVerifier> | undefined;

function createVerifier() {
  const { staffPool, clientPool, poolKeys } = config();
  const created = JwtVerifier.create([poolEntry(staffPool), poolEntry(clientPool)]);
  for (const [poolId, jwks] of unpackPoolKeys(poolKeys)) {
    if (poolId === staffPool.userPoolId || poolId === clientPool.userPoolId) created.cacheJwks(jwks, issuerOf(poolId));
  }
  return created;
}

/** One verifier for both pools, so a token of the other pool is recognised (403) rather than rejected (401). */
export function tokenVerifier() {
  verifier ??= createVerifier();
  return verifier;
}

/** Verifies signature, expiry, issuer and app client; returns null for any token that fails. */
export async function verifyToken(token: string): Promise<VerifiedToken | null> {
  try {
    const payload = await tokenVerifier().verify(token);
    return { ...poolOf(payload.iss)!, payload };
  } catch {
    return null;
  }
}

/**
 * What a token says before its signature is checked: only where to start looking (lib/access/caller.ts
 * reads while the signature is checked, and uses what it read only once it is). Null for anything the
 * verifier will refuse whatever its signature: not a JWT, another issuer, expired, neither an ID nor an
 * access token.
 */
export function unverifiedClaims(token: string): VerifiedToken | null {
  try {
    const { payload } = decomposeUnverifiedJwt(token);
    const pool = poolOf(payload.iss);
    const live = typeof payload.exp === "number" && payload.exp * 1000 > Date.now();
    const use = payload.token_use === "id" || payload.token_use === "access";
    return pool && live && use && typeof payload.sub === "string" ? { ...pool, payload } : null;
  } catch {
    return null;
  }
}

function poolOf(issuer: unknown): Omit<VerifiedToken, "payload"> | null {
  const { staffPool, clientPool } = config();
  if (issuer === issuerOf(staffPool.userPoolId)) return { audience: "staff", userPoolId: staffPool.userPoolId };
  if (issuer === issuerOf(clientPool.userPoolId)) return { audience: "client", userPoolId: clientPool.userPoolId };
  return null;
}
