import { randomInt } from "node:crypto";
import { request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { localFunctions } from "../../functions/local";
import { createLocalServer } from "../../lib/local/http-server";
import { TEST_ADMIN } from "./constants";
import { watchSecret, watchToken } from "./watched-secrets";

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

/** The encrypted custom fields this file has seen, with their defaults (a default is no secret). */
const encryptedFields = new Map<string, unknown>();

/** Passwords and encrypted custom values a request carries (see watched-secrets.ts). */
function watchSent(body: unknown) {
  if (!isObject(body)) return;
  watchSecret(body.password, body.currentPassword, body.newPassword);
  if (!isObject(body.customFields)) return;
  for (const [id, value] of Object.entries(body.customFields)) {
    if (encryptedFields.has(id) && value !== encryptedFields.get(id)) watchSecret(value);
  }
}

/** Tokens and generated passwords an answer carries, and the encrypted field definitions it shows. */
function watchReceived(body: unknown) {
  if (!isObject(body)) return;
  for (const token of [body.idToken, body.accessToken, body.refreshToken]) watchToken(token);
  watchSecret(body.generatedPassword);
  // A webhook signing secret (shown at creation and rotation): never stored or logged in clear.
  if (typeof body.secret === "string") watchSecret(body.secret);
  for (const item of [body, ...(Array.isArray(body.items) ? body.items : [])]) {
    if (isObject(item) && item.encrypted === true && typeof item.id === "string") {
      encryptedFields.set(item.id, item.default);
    }
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Every TestApi this test file started, or is starting. */
const started: Promise<TestApi>[] = [];

/**
 * Closes every TestApi the file started, also one a failed `beforeAll` never assigned to a variable or
 * one still starting: an open server would keep jest from ever exiting (setup-each-file calls this after each file).
 */
export async function closeEveryTestApi(): Promise<void> {
  const starts = await Promise.allSettled(started.splice(0));
  await Promise.all(starts.map((start) => (start.status === "fulfilled" ? start.value.close() : undefined)));
}

/**
 * The API on a free loopback port, served by the same adapter as `npm start`.
 * Each instance sends from its own loopback address (127.0.0.0/8 is all
 * loopback): signup limits count per source address across the whole
 * installation, so test files must not share one.
 */
export class TestApi {
  private closed?: Promise<void>;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    /** The address requests come from, as the API sees it. */
    readonly sourceIp: string,
  ) {}

  static start(): Promise<TestApi> {
    const starting = TestApi.listen();
    started.push(starting);
    return starting;
  }

  private static async listen(): Promise<TestApi> {
    const server = createLocalServer(localFunctions);
    // Longer than any pause a test makes: a test that keeps the event loop busy for seconds (Spectral's lint)
    // must not find fetch's pooled connection closed by the server's idle timer just as it sends on it.
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const sourceIp = `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
    return new TestApi(server, `http://127.0.0.1:${port}`, sourceIp);
  }

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    watchSent(options.body);
    const response = await this.send(method, new URL(`${this.baseUrl}${path}`), headers, body);
    const type = response.headers.get("content-type") ?? "";
    const parsed =
      type.includes("json") && !type.includes("ndjson") && response.text ? JSON.parse(response.text) : response.text;
    watchReceived(parsed);
    return { status: response.status, headers: response.headers, body: parsed };
  }

  /** One request as given, from this instance's source address (fetch cannot choose it). */
  send(method: string, url: URL, headers: Record<string, string>, body?: string): Promise<RawResponse> {
    const outgoing: Record<string, string> = { ...headers };
    if (body !== undefined) {
      // What fetch would have sent for a string body.
      outgoing["content-type"] ??= "text/plain;charset=UTF-8";
      outgoing["content-length"] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { method, headers: outgoing, localAddress: this.sourceIp }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const received = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const one of [value ?? []].flat()) received.append(name, one);
          }
          resolve({ status: res.statusCode ?? 0, headers: received, text: Buffer.concat(chunks).toString("utf8") });
        });
      });
      req.on("error", reject);
      req.end(body);
    });
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
    this.closed ??= new Promise((resolve) => {
      this.server.close(() => resolve());
      // Requests still open belong to a test that already ended (failed or timed out): cut, not awaited.
      this.server.closeAllConnections();
    });
    return this.closed;
  }
}
