import type { AuthenticationResultType } from "@aws-sdk/client-cognito-identity-provider";
import { config } from "../config";
import type { Audience } from "../domain/audience";
import { recordMetric } from "../observability/metrics";

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Errors Cognito answers for bad credentials; the local emulator says InvalidPasswordException for a wrong password. */
const CREDENTIAL_ERRORS = new Set([
  "NotAuthorizedException",
  "UserNotFoundException",
  "InvalidPasswordException",
  "UserNotConfirmedException",
  "PasswordResetRequiredException",
]);

export function isCredentialError(error: unknown): boolean {
  return CREDENTIAL_ERRORS.has((error as { name?: string } | null)?.name ?? "");
}

function appClientId(audience: Audience): string {
  return audience === "staff" ? config().staffPool.appClientId : config().clientPool.appClientId;
}

/** USER_PASSWORD_AUTH; null when the credentials are wrong. */
export async function signIn(audience: Audience, username: string, password: string): Promise<Tokens | null> {
  try {
    const { AuthenticationResult } = await (await import("./cognito/initiate-auth")).initiateAuth({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: appClientId(audience),
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
    return AuthenticationResult ? toTokens(AuthenticationResult, undefined) : null;
  } catch (error) {
    if (!isCredentialError(error)) throw error;
    recordMetric("SignInsFailed", audience);
    return null;
  }
}

/** REFRESH_TOKEN_AUTH; null when the refresh token is bad or revoked. */
export async function refresh(audience: Audience, refreshToken: string): Promise<Tokens | null> {
  try {
    const { AuthenticationResult } = await (await import("./cognito/initiate-auth")).initiateAuth({
      AuthFlow: "REFRESH_TOKEN_AUTH",
      ClientId: appClientId(audience),
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    return AuthenticationResult ? toTokens(AuthenticationResult, refreshToken) : null;
  } catch (error) {
    if (isCredentialError(error) || (error as { name?: string }).name === "InvalidParameterException") return null;
    throw error;
  }
}

function toTokens(result: AuthenticationResultType, previousRefreshToken: string | undefined): Tokens | null {
  const refreshToken = result.RefreshToken ?? previousRefreshToken;
  if (!result.IdToken || !result.AccessToken || !refreshToken) return null;
  return {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    refreshToken,
    expiresIn: result.ExpiresIn ?? 3600,
  };
}
