import { JwtVerifier } from "aws-jwt-verify";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import { config, type PoolConfig } from "../config";
import type { Audience } from "../domain/audience";

export interface VerifiedToken {
  audience: Audience;
  userPoolId: string;
  payload: JwtPayload;
}

/** The issuer URL of a Cognito user pool: the `iss` of its tokens. */
export function issuerOf(userPoolId: string): string {
  return `${config().cognitoIssuerBase}/${userPoolId}`;
}

function poolEntry(pool: PoolConfig) {
  const issuer = issuerOf(pool.userPoolId);
  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
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
  const { staffPool, clientPool } = config();
  return JwtVerifier.create([poolEntry(staffPool), poolEntry(clientPool)]);
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
    const { staffPool } = config();
    const staffIssuer = issuerOf(staffPool.userPoolId);
    const audience: Audience = payload.iss === staffIssuer ? "staff" : "client";
    const userPoolId = audience === "staff" ? staffPool.userPoolId : config().clientPool.userPoolId;
    return { audience, userPoolId, payload };
  } catch {
    return null;
  }
}
