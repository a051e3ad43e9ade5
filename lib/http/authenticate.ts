import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import { clientMayUseApi } from "../clients/client-access";
import { type VerifiedToken, verifyToken } from "../identity/token-verifier";
import { findIdentity } from "../store/identity-repository";
import type { AuthContext, StaffRole } from "./auth-context";
import { problems } from "./problem";
import type { Access } from "./route";

/**
 * Turns the Authorization header into the caller, and checks it against the
 * route's access: 401 for a missing or invalid token, 403 for the wrong
 * audience or role. A client's token also needs the client to be active and
 * its session not ended (a cached read, see ACCESS_CACHE_MS): signed tokens
 * stay valid until they expire, so this is what ends them at once.
 */
export async function authenticate(
  access: Access,
  authorization: string | undefined,
): Promise<AuthContext | undefined> {
  if (access === "public") return undefined;
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!token) throw problems.unauthorized();
  const verified = await verifyToken(token);
  if (!verified) throw problems.unauthorized("The token is invalid or expired. Sign in again or refresh it.");
  const auth = await toAuthContext(verified);
  if (access === "client" && auth.audience !== "client") throw problems.forbidden("This route is for clients.");
  if (access !== "client" && auth.audience !== "staff") throw problems.forbidden("This route is for staff.");
  if (access === "admin" && auth.audience === "staff" && !auth.roles.includes("admin")) {
    throw problems.forbidden("This action needs the admin role.");
  }
  if (auth.audience === "client") {
    const authTime = Number(verified.payload.auth_time ?? verified.payload.iat ?? 0);
    if (!(await clientMayUseApi(auth.companyId, auth.clientId, authTime))) {
      throw problems.unauthorized("This session has ended. Sign in again.");
    }
  }
  return auth;
}

async function toAuthContext({ audience, userPoolId, payload }: VerifiedToken): Promise<AuthContext> {
  const sub = String(payload.sub);
  const username = String(payload["cognito:username"] ?? payload.username ?? "");
  let companyId = claim(payload, "custom:company");
  let clientId = claim(payload, "custom:clientId");
  if (!companyId) {
    // Access tokens carry no custom attributes: the identity item maps the subject to its company.
    const identity = await findIdentity(userPoolId, sub);
    if (!identity) throw problems.unauthorized("This account is not linked to a company.");
    companyId = identity.companyId;
    clientId = identity.clientId;
  }
  if (audience === "staff") {
    const groups = Array.isArray(payload["cognito:groups"]) ? (payload["cognito:groups"] as string[]) : [];
    const roles = groups.filter((g): g is StaffRole => g === "admin" || g === "staff");
    return { audience, sub, username, companyId, roles };
  }
  if (!clientId) throw problems.unauthorized("This account is not linked to a client.");
  return { audience, sub, username, companyId, clientId };
}

function claim(payload: JwtPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}
