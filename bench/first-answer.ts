/**
 * First answer: from the start of a fresh Node process to the response of the
 * function's most common request, against the local stack (DynamoDB Local,
 * cognito-local). The process imports the bundle, creates its SDK clients and
 * verifies a real token with the pools' signing keys from its environment
 * (CLIENTELE_POOL_KEYS, as a deployed function gets them), and reads DynamoDB.
 * Beside it, the floor: the DynamoDB client alone sending one GetItem.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createLocalServer } from "../lib/local/http-server";
import { startLocalStack } from "../lib/local/stack";
import { freePort, listen } from "./local-api";
import { PROJECT_ROOT } from "./report";

export const FIRST_ANSWER_SAMPLES = 15;
const ADMIN = { username: "first-answer-admin", password: "First-Answer-Passw0rd" };
const CLIENT_PASSWORD = "First-Answer-Client-Passw0rd";

/** What a request may name: the client created for the run, and its username. */
interface Ids {
  clientId: string;
  username: string;
}

/** The request each API function answers most, and who sends it; the DynamoDB calls it makes in a fresh process. */
interface CommonRequest {
  method: string;
  path: (ids: Ids) => string;
  query?: Record<string, string>;
  /** A JSON body. */
  body?: (ids: Ids) => unknown;
  token?: "staff" | "client";
  /** What the answer costs in DynamoDB calls in a fresh process, caller lookups included, and how many follow one another (counted on the wire, 2026-11-28). */
  dynamoDbCalls: string;
}

export const COMMON_REQUESTS: Record<string, CommonRequest> = {
  browse: {
    method: "GET",
    path: () => "/v1/clients",
    query: { limit: "25" },
    token: "staff",
    dynamoDbCalls: "BatchGet (4 items) and the first page's Query side by side (1 round trip)",
  },
  clients: {
    method: "GET",
    path: ({ clientId }) => `/v1/clients/${clientId}`,
    token: "staff",
    dynamoDbCalls: "BatchGet (5 items: the route's client travels with the caller lookup's), 1 round trip",
  },
  billing: {
    method: "GET",
    path: ({ clientId }) => `/v1/clients/${clientId}/invoices`,
    token: "staff",
    dynamoDbCalls:
      "BatchGet (5 items: the client travels with the caller lookup's) and the first page's Query side by side (1 round trip)",
  },
  settings: {
    method: "GET",
    path: () => "/v1/company",
    token: "staff",
    dynamoDbCalls: "BatchGet (4 items); the route takes the company read (1 round trip)",
  },
  client: {
    method: "GET",
    path: () => "/v1/me",
    token: "client",
    dynamoDbCalls:
      "BatchGet (2 items) and the company's fields' Query side by side; the route takes both (1 round trip)",
  },
  signup: {
    method: "GET",
    path: () => "/v1/signup/config",
    dynamoDbCalls: "Get, then Get + 2 Query (groups, fields) side by side (2 round trips)",
  },
  staff: {
    method: "GET",
    path: () => "/v1/staff/me",
    token: "staff",
    dynamoDbCalls: "BatchGet (4 items); the route takes the member read (1 round trip)",
  },
  imports: {
    method: "GET",
    path: () => "/v1/imports",
    query: { limit: "25" },
    token: "staff",
    dynamoDbCalls: "BatchGet (4 items) and the first page's Query side by side (1 round trip)",
  },
  recovery: {
    method: "POST",
    path: () => "/v1/auth/clients/forgot-password",
    body: ({ username }) => ({ username }),
    dynamoDbCalls:
      "TransactWrite (2 limit counters + the reset request; the lookup, token and email are the password-resets worker's, off the request) (1 round trip)",
  },
  public: { method: "GET", path: () => "/v1/countries/GB/states", dynamoDbCalls: "none" },
  fallback: { method: "GET", path: () => "/v1/nothing-here", dynamoDbCalls: "none" },
};

/**
 * Preloaded into each measured process: notes when each HTTP request to the local stack (a DynamoDB call, by
 * its X-Amz-Target) started and ended, so the table can say where a first answer's time goes.
 */
const TRACE_CALLS = [
  'import { subscribe } from "node:diagnostics_channel";',
  "globalThis.__benchCalls = [];",
  "const started = new WeakMap();",
  "subscribe('http.client.request.start', ({ request }) => started.set(request, performance.now()));",
  "subscribe('http.client.response.finish', ({ request }) => {",
  "  const target = String(request.getHeader('x-amz-target') ?? 'http').split('.').pop();",
  "  globalThis.__benchCalls.push({ target, startMs: started.get(request), endMs: performance.now() });",
  "});",
].join("\n");

export interface FirstAnswer {
  name: string;
  msMedian: number;
  samplesMs: number[];
  status: number;
}

/** Runs `measure` with the local stack up and the events of every common request ready. */
export async function withFirstAnswerStack<T>(measure: (run: FirstAnswerRunner) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), "clientele-first-answer-"));
  const [dynamodb, cognito, ses] = [await freePort(), await freePort(), await freePort()];
  console.log("Starting the local stack for the first answers ...");
  const stack = await startLocalStack({
    dataDir,
    ports: { dynamodb, cognito, ses },
    companyName: "First Answer Company",
    adminUsername: ADMIN.username,
    adminPassword: ADMIN.password,
    adminEmail: "first-answer@bench.localhost",
  });
  const { localFunctions } = await import("../functions/local");
  const server = createLocalServer(localFunctions);
  try {
    const base = await listen(server);
    const staff = (await send(base, "POST", "/v1/auth/staff/login", ADMIN)).idToken as string;
    const username = `first-answer-${Date.now().toString(36)}`;
    const created = await send(
      base,
      "POST",
      "/v1/clients",
      {
        firstName: "Ada",
        lastName: "Lovelace",
        email: `${username}@example.com`,
        country: "GB",
        username,
        password: CLIENT_PASSWORD,
      },
      staff,
    );
    const client = (await send(base, "POST", "/v1/auth/clients/login", { username, password: CLIENT_PASSWORD }))
      .idToken as string;
    // The stack's environment holds the pools' keys (CLIENTELE_POOL_KEYS), as a deployed function's does.
    const env = {
      ...stack.env,
      POWERTOOLS_LOG_LEVEL: "WARN",
      // Every sample asks for the same client's reset link: the limits are counted, never reached.
      CLIENTELE_SIGNUP_LIMIT_PER_IP: "1000",
      CLIENTELE_SIGNUP_LIMIT_PER_EMAIL: "1000",
    };
    const tokens = { staff, client };
    return await measure({
      // The same preloads as the functions': their cost is the bench's, not the bundle's.
      floor: (file) => firstAnswer(file, { id: created.id as string }, env),
      function: (name, file) => {
        const request = COMMON_REQUESTS[name];
        if (!request) return null;
        const ids = { clientId: created.id as string, username };
        const event = lambdaEvent(request, ids, request.token && tokens[request.token]);
        return firstAnswer(file, event, env);
      },
    });
  } finally {
    server.close();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A call to the local stack made by the measured process, in milliseconds from its start. */
export interface TracedCall {
  /** The DynamoDB or Cognito operation (the request's X-Amz-Target), `http` for other requests. */
  target: string;
  startMs: number;
  endMs: number;
}

/** One measured process: when its answer came, when the bundle's import had ended, and its calls in between. */
export interface AnswerSample {
  ms: number;
  importedMs: number;
  calls: TracedCall[];
  status: number;
}

export interface FirstAnswerRunner {
  floor(file: string): AnswerSample;
  /** Null for a function without an API request (the mailer, the sweeper). */
  function(name: string, file: string): AnswerSample | null;
}

/** Milliseconds from the process's start (its time origin) to the handler's answer, in a fresh process. */
function firstAnswer(file: string, event: unknown, env: Record<string, string>) {
  const script = [
    `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});`,
    "const importedMs = performance.now();",
    `const res = await handler(${JSON.stringify(event)}, { awsRequestId: "first-answer", functionName: "bench", getRemainingTimeInMillis: () => 10000 });`,
    "const ms = performance.now();",
    "process.stdout.write(JSON.stringify({ ms, importedMs, calls: globalThis.__benchCalls, status: res?.statusCode ?? (res?.$metadata?.httpStatusCode) }));",
    "process.exit(0);",
  ].join("\n");
  const preload = ["--import", `data:text/javascript,${encodeURIComponent(TRACE_CALLS)}`];
  const child = spawnSync(process.execPath, [...preload, "--input-type=module", "-e", script], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: { PATH: process.env.PATH, ...env, NODE_OPTIONS: "" },
  });
  if (child.status !== 0) throw new Error(`first answer of ${file} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout) as AnswerSample;
}

function lambdaEvent(request: CommonRequest, ids: Ids, token: string | undefined) {
  const body = request.body?.(ids);
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: request.path(ids),
    rawQueryString: new URLSearchParams(request.query ?? {}).toString(),
    headers: {
      host: "api.bench.localhost",
      "x-forwarded-proto": "https",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    queryStringParameters: request.query,
    requestContext: {
      requestId: "first-answer",
      domainName: "api.bench.localhost",
      http: { method: request.method, path: request.path(ids), sourceIp: "127.0.0.1" },
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}

async function send(base: string, method: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer as Record<string, unknown>;
}
