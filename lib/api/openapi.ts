import * as z from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import type { RouteSpec } from "../http/route";

const IDEMPOTENCY_KEY = z
  .string()
  .optional()
  .meta({ description: "Makes retries safe: the same key and body return the first response for 24 hours." });
const IF_MATCH = z
  .string()
  .optional()
  .meta({ description: "The ETag (version) the change applies to; 412 when stale." });

/** The OpenAPI 3.1 document of the given routes, generated from the schemas that validate requests. */
export function buildOpenApiDocument(routes: readonly RouteSpec[], serverUrl?: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Clientele API",
      version: "1.0.0",
      description: "The client registry of a hosting and subscription billing business.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
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
    },
    paths,
  });
}

function operation(route: RouteSpec): ZodOpenApiOperationObject {
  const op: ZodOpenApiOperationObject = {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    responses: Object.fromEntries(
      Object.entries(route.responses).map(([status, response]) => [
        status,
        {
          description: response.description,
          ...(response.schema
            ? { content: { [response.contentType ?? "application/json"]: { schema: response.schema } } }
            : {}),
        },
      ]),
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
  return op;
}
