import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { ROUTES } from "../api/catalog";
import type { ApiHandler } from "../http/api-handler";
import { MAX_BODY_BYTES } from "../http/body";
import { PROBLEM_BASE } from "../http/problem";
import type { LambdaName } from "../http/route";
import { Router } from "../http/router";
import { lambdaContext } from "./lambda-context";

export type LocalFunctions = Record<LambdaName | "fallback", ApiHandler>;

/**
 * Reading stops a little past the route's limit (64 KiB, or its `rawBody.maxBytes`): enough for the
 * handler to answer 413 itself. API Gateway's HTTP API refuses bodies over 10 MB before any function runs.
 */
const SLACK = 1024;
const readLimitOf = (spec: (typeof ROUTES)[number] | undefined) => (spec?.rawBody?.maxBytes ?? MAX_BODY_BYTES) + SLACK;

/**
 * The local stand-in for API Gateway: turns each Node request into a payload
 * 2.0 event, picks the Lambda function that the cloud routes it to, and calls
 * that function's exported handler.
 */
export function createLocalServer(functions: LocalFunctions): Server {
  const router = new Router(ROUTES.map((spec) => ({ spec })));
  const server = createServer((req, res) => {
    handle(req, res, router, functions).catch((error) => {
      console.error("local adapter failed:", error);
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/problem+json" });
      res.end(
        JSON.stringify({ type: "about:blank", title: "Bad gateway", status: 502, detail: "The function failed." }),
      );
    });
  });
  server.on("clientError", answerUnparsable);
  return server;
}

/**
 * A request Node cannot parse (a URL or headers over its 16 KiB limit, broken
 * syntax) never reaches a function; API Gateway refuses such requests itself.
 * Answered as problem+json too, so every error a client sees has one shape.
 */
function answerUnparsable(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const [status, slug, title] = tooLarge
    ? [431, "headers-too-large", "Request header fields too large"]
    : [400, "malformed-request", "Bad request"];
  const detail = tooLarge ? "The URL and headers must stay under 16 KiB." : "The request could not be parsed.";
  const body = JSON.stringify({ type: `${PROBLEM_BASE}${slug}`, title, status, detail });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  router: Router<{ spec: (typeof ROUTES)[number] }>,
  functions: LocalFunctions,
) {
  const url = new URL(req.url ?? "/", "http://localhost");
  const method = (req.method ?? "GET").toUpperCase();
  let target: ApiHandler = functions.fallback;
  let routeKey = "$default";
  let spec: (typeof ROUTES)[number] | undefined;
  try {
    const { route } = router.match(method, url.pathname);
    spec = route.spec;
    target = functions[route.spec.lambda];
    routeKey = `${route.spec.method} ${route.spec.path}`;
  } catch {
    // Unknown path or method: the fallback function answers it, as API Gateway's $default route would.
  }
  const body = await readBody(req, readLimitOf(spec));
  const event = toEvent(req, url, method, routeKey, body);
  const result = await target(event, lambdaContext(event.requestContext.requestId));
  const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
  if (result.cookies?.length) headers["set-cookie"] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, "base64") : (result.body ?? ""));
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (size < limit) chunks.push(chunk.subarray(0, limit - size));
      size += chunk.length;
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  method: string,
  routeKey: string,
  body: Buffer,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  headers["x-forwarded-proto"] = "http";
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = Object.hasOwn(query, name) ? `${query[name]},${value}` : value;
  const requestId = randomUUID();
  const now = new Date();
  return {
    version: "2.0",
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: "local",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: "localhost",
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, ""),
        userAgent: headers["user-agent"] ?? "",
      },
      requestId,
      routeKey,
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: body.toString("base64"), isBase64Encoded: true } : { isBase64Encoded: false }),
  };
}
