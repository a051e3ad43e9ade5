import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { localFunctions } from "../../functions/local";
import { createLocalServer } from "../../lib/local/http-server";
import { TEST_ADMIN } from "./constants";

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, without JSON encoding. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** The API on a free loopback port, served by the same adapter as `npm start`. */
export class TestApi {
  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<TestApi> {
    const server = createLocalServer(localFunctions);
    // Longer than any pause a test makes: a test that keeps the event loop busy for seconds (Spectral's lint)
    // must not find fetch's pooled connection closed by the server's idle timer just as it sends on it.
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return new TestApi(server, `http://127.0.0.1:${port}`);
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    const type = response.headers.get("content-type") ?? "";
    return {
      status: response.status,
      headers: response.headers,
      body: type.includes("json") && text ? JSON.parse(text) : text,
    };
  }

  async login(audience: "staff" | "clients", username: string, password: string): Promise<string> {
    const response = await this.request("POST", `/v1/auth/${audience}/login`, { body: { username, password } });
    if (response.status !== 200) throw new Error(`login as ${username} failed: ${JSON.stringify(response.body)}`);
    return response.body.idToken as string;
  }

  adminToken(): Promise<string> {
    return this.login("staff", TEST_ADMIN.username, TEST_ADMIN.password);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
