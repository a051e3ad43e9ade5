/**
 * The signed-in client's tokens, for this tab only: sessionStorage (never
 * localStorage), so they go when the tab does and no other tab or later
 * visitor of the machine finds them. The ID token is not kept: the API takes
 * the access token.
 */
import { type ApiAnswer, callApi } from "./api";

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

const TOKENS = "clientele.client-tokens";
const NOTICE = "clientele.notice";

function read(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

export function storeTokens(tokens: Tokens): void {
  sessionStorage.setItem(
    TOKENS,
    JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }),
  );
}

export function storedTokens(): Tokens | null {
  try {
    const tokens = JSON.parse(read(TOKENS) ?? "null") as Partial<Tokens> | null;
    return typeof tokens?.accessToken === "string" && typeof tokens.refreshToken === "string"
      ? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }
      : null;
  } catch {
    return null;
  }
}

export function dropTokens(): void {
  try {
    sessionStorage.removeItem(TOKENS);
  } catch {
    // Nothing was stored.
  }
}

/** A message for the next page this tab opens (the sign-in page says why the person is back). */
export function leaveNotice(message: string): void {
  try {
    sessionStorage.setItem(NOTICE, message);
  } catch {
    // The next page then says nothing: not worth more.
  }
}

export function takeNotice(): string | null {
  const message = read(NOTICE);
  if (message !== null) sessionStorage.removeItem(NOTICE);
  return message;
}

/** Thrown when the session cannot go on: no tokens, or an access token refused and a refresh that failed. */
export class SessionEnded extends Error {}

/**
 * API calls as the signed-in client. An access token the API refuses (expired)
 * is exchanged once for new tokens with the refresh token; a call refused
 * again, or a refresh refused (revoked, the password changed), ends the session.
 */
export class ClientSession {
  private refreshing: Promise<boolean> | undefined;

  constructor(private tokens: Tokens) {}

  static stored(): ClientSession | null {
    const tokens = storedTokens();
    return tokens ? new ClientSession(tokens) : null;
  }

  async call(
    method: "GET" | "POST" | "PATCH",
    path: string,
    json?: string,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer> {
    const send = () => callApi(method, path, json, { ...headers, authorization: `Bearer ${this.tokens.accessToken}` });
    const used = this.tokens.accessToken;
    const first = await send();
    if (first.status !== 401) return first;
    // Calls made together share one refresh; a call refused with tokens already replaced just retries.
    if (used === this.tokens.accessToken && !(await this.refresh())) throw new SessionEnded();
    const second = await send();
    if (second.status === 401) throw new SessionEnded();
    return second;
  }

  /** One refresh at a time; once one is refused the session stays ended. */
  private refresh(): Promise<boolean> {
    this.refreshing ??= this.exchange();
    return this.refreshing.then((renewed) => {
      if (renewed) this.refreshing = undefined;
      return renewed;
    });
  }

  private async exchange(): Promise<boolean> {
    const answer = await callApi(
      "POST",
      "/v1/auth/refresh",
      JSON.stringify({ refreshToken: this.tokens.refreshToken, audience: "client" }),
    );
    if (answer.status !== 200) return false;
    const tokens = answer.body as Partial<Tokens>;
    if (typeof tokens.accessToken !== "string") return false;
    this.tokens = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? this.tokens.refreshToken };
    storeTokens(this.tokens);
    return true;
  }
}
