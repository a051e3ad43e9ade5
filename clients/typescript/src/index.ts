import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { components, paths } from "./api-types";

export type { components, operations, paths } from "./api-types";

/** An RFC 9457 problem: every error the API itself answers. */
export type Problem = components["schemas"]["Problem"];

export type ClienteleClient = Client<paths>;

export interface ClienteleClientOptions extends ClientOptions {
  /** The API's origin, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** The token to send as `Authorization: Bearer`, read before each request; none before sign-in. */
  token?: () => string | undefined;
}

/**
 * A client whose paths, parameters, bodies and answers are the types
 * generated from the API's OpenAPI document: a typo in a path or a field is
 * a compile error. Calls answer `{data, error, response}` as openapi-fetch does.
 */
export function createClienteleClient({ token, ...options }: ClienteleClientOptions): ClienteleClient {
  const client = createClient<paths>(options);
  if (token) {
    client.use({
      onRequest({ request }) {
        const current = token();
        if (current) request.headers.set("authorization", `Bearer ${current}`);
        return request;
      },
    });
  }
  return client;
}

/** Tells the API's problem documents from other error bodies (a gateway's `{message}`, a proxy's HTML). */
export function isProblem(error: unknown): error is Problem {
  return typeof error === "object" && error !== null && "type" in error && "status" in error && "title" in error;
}
