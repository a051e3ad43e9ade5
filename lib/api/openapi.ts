import * as z from "zod";
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from "zod-openapi";
import type { Access, ResponseSpec, RouteSpec } from "../http/route";
import { problemSchema, sharedErrorResponse } from "./common";
import { pipelineStatuses } from "./pipeline-statuses";
import { TAGS } from "./tags";

const IDEMPOTENCY_KEY = z
  .string()
  .optional()
  .meta({ description: "Makes retries safe: the same key and body return the first response for 24 hours." });
const IF_MATCH = z
  .string()
  .optional()
  .meta({ description: "The ETag (version) the change applies to; 412 when stale." });

/** Names of the shared error responses under `components.responses`. */
const RESPONSE_NAMES: Readonly<Record<number, string>> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  409: "Conflict",
  412: "PreconditionFailed",
  413: "PayloadTooLarge",
  415: "UnsupportedMediaType",
  422: "ValidationFailed",
  429: "TooManyRequests",
  500: "InternalError",
  503: "ServiceUnavailable",
};

/** What API Gateway itself answers when it throttles or cannot run the function: not a problem document. */
const gatewayErrorSchema = z
  .object({ message: z.string() })
  .meta({ id: "GatewayError", description: "API Gateway's own answer, e.g. `Too Many Requests`" });

const retryAfter = z.object({
  "retry-after": z
    .string()
    .optional()
    .meta({ description: "Seconds to wait before sending the request again (with a problem document)" }),
});

/** Statuses that API Gateway may answer itself, besides the function's problem documents. */
const GATEWAY_STATUSES = new Set([429, 500, 503]);

const ACCESS_NOTES: Readonly<Record<Access, string>> = {
  public: "No token needed.",
  staff: "Any staff member of the company (staff token).",
  admin: "Staff with role `admin` (staff token).",
  client: "The signed-in client (client token).",
};

/** The OpenAPI 3.1 document of the given routes, generated from the schemas that validate requests. */
export function buildOpenApiDocument(routes: readonly RouteSpec[], serverUrl?: string) {
  const paths: ZodOpenApiPathsObject = {};
  const sharedStatuses = new Set<number>();
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route, sharedStatuses) };
  }
  const usedTags = new Set(routes.map((route) => route.tag));
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Clientele API",
      version: "1.0.0",
      description:
        "The client registry of a hosting and subscription billing business. Errors are RFC 9457 problem " +
        "documents (`application/problem+json`). Lists take `limit` (1..100, default 25) and an opaque " +
        "`cursor`, and answer `{items, nextCursor}`; a null `nextCursor` ends the list. An unknown path " +
        "answers 404 and a known path with another method 405 with an `Allow` header, token or not.",
      contact: { name: "Clientele", url: "https://clientele.dev" },
    },
    ...(serverUrl ? { servers: [{ url: serverUrl, description: "This installation" }] } : {}),
    tags: Object.entries(TAGS)
      .filter(([name]) => usedTags.has(name))
      .map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: {
        staffToken: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "A staff pool ID or access token",
        },
        clientToken: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "A client pool ID or access token",
        },
      },
      responses: Object.fromEntries(
        [...sharedStatuses].sort((a, b) => a - b).map((status) => [RESPONSE_NAMES[status]!, sharedComponent(status)]),
      ),
    },
    paths,
  });
}

function operation(route: RouteSpec, sharedStatuses: Set<number>): ZodOpenApiOperationObject {
  const pipeline = Object.fromEntries(pipelineStatuses(route).map((status) => [status, sharedErrorResponse(status)]));
  const responses: Record<number, ResponseSpec> = { ...pipeline, ...route.responses };
  const op: ZodOpenApiOperationObject = {
    operationId: route.operationId,
    summary: route.summary,
    description: `${route.description}\n\n${ACCESS_NOTES[route.access]}`,
    tags: [route.tag],
    responses: Object.fromEntries(
      Object.entries(responses).map(([key, response]) => {
        const status = Number(key);
        if (RESPONSE_NAMES[status] && response === sharedErrorResponse(status)) {
          sharedStatuses.add(status);
          return [key, { $ref: `#/components/responses/${RESPONSE_NAMES[status]}` }];
        }
        return [key, inlineResponse(response)];
      }),
    ),
  };
  if (route.access !== "public") {
    op.security = [route.access === "client" ? { clientToken: [] } : { staffToken: [] }];
  }
  const requestParams: { path?: z.ZodObject; query?: z.ZodObject; header?: z.ZodObject } = {};
  if (route.params) requestParams.path = route.params as z.ZodObject;
  if (route.query) requestParams.query = route.query as z.ZodObject;
  const headers = {
    ...(route.idempotency ? { "idempotency-key": IDEMPOTENCY_KEY } : {}),
    ...(route.method === "PATCH" || route.method === "DELETE" ? { "if-match": IF_MATCH } : {}),
  };
  if (Object.keys(headers).length > 0) requestParams.header = z.object(headers);
  if (Object.keys(requestParams).length > 0) op.requestParams = requestParams;
  if (route.body) op.requestBody = { required: true, content: { "application/json": { schema: route.body } } };
  if (route.rawBody) {
    const schema = z.string().meta({ description: `At most ${route.rawBody.maxBytes} bytes` });
    op.requestBody = {
      required: true,
      content: Object.fromEntries(route.rawBody.mediaTypes.map((type) => [type, { schema }])),
    };
  }
  return op;
}

function inlineResponse(response: ResponseSpec): ZodOpenApiResponseObject {
  return {
    description: response.description,
    ...(response.schema
      ? {
          content: Object.fromEntries(
            [response.contentType ?? "application/json"].flat().map((type) => [type, { schema: response.schema }]),
          ),
        }
      : {}),
    ...(response.headers
      ? {
          headers: z.object(
            Object.fromEntries(
              Object.entries(response.headers).map(([name, description]) => [name, z.string().meta({ description })]),
            ),
          ),
        }
      : {}),
  };
}

function sharedComponent(status: number): ZodOpenApiResponseObject {
  const response = sharedErrorResponse(status);
  return {
    description: response.description,
    ...(status === 429 || status === 503 ? { headers: retryAfter } : {}),
    ...(status === 401
      ? { headers: z.object({ "www-authenticate": z.string().meta({ description: "`Bearer`" }) }) }
      : {}),
    content: {
      "application/problem+json": { schema: problemSchema() },
      ...(GATEWAY_STATUSES.has(status) ? { "application/json": { schema: gatewayErrorSchema } } : {}),
    },
  };
}
