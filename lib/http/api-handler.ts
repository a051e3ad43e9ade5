import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import * as z from "zod";
import { onFirstUse } from "../domain/on-first-use";
import { ApplicationError } from "../errors/application-errors";
import { withRequestId } from "../observability/correlation";
import { logger } from "../observability/logger";
import { type BusinessMetric, recordMetric } from "../observability/metrics";
import { withRequestReads } from "../store/request-reads";
import { authenticate } from "./authenticate";
import { readJsonBody, readRawBody } from "./body";
import { problemErrors } from "./middleware/problem-errors";
import { responseHeaders } from "./middleware/response-headers";
import { HttpProblem, problemOf } from "./problem";
import { toLambdaResponse } from "./response";
import type { ApiRequest, ApiResult, BoundRoute, FirstReadPlan, FirstReads, RouteSpec } from "./route";
import { Router } from "./router";
import { dataOrThrow, parseOrThrow } from "./validate";

export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Runs a route whose spec declares `idempotency`: `runIdempotently` of lib/http/idempotency.ts. */
export type IdempotentRunner = (route: BoundRoute, request: ApiRequest) => Promise<ApiResult>;

/**
 * One Lambda handler for a group of routes. The story of every request:
 * route (404/405), authenticate (401/403), read the body (413/415/400; JSON or bytes),
 * validate (422), run the route (at most once per Idempotency-Key when its
 * spec declares `idempotency`), respond.
 *
 * A function with such routes passes `runIdempotently`; it is not imported
 * here, so a function without them (browse, public) bundles no idempotency
 * record writes, and its read-only role matches its code.
 */
export function createApiHandler(
  routes: readonly BoundRoute[],
  options: { runIdempotently?: IdempotentRunner } = {},
): ApiHandler {
  for (const { spec, idempotency } of routes) {
    if (!spec.idempotency) continue;
    if (!options.runIdempotently) {
      throw new Error(`${spec.operationId} is idempotent: pass runIdempotently (lib/http/idempotency.ts)`);
    }
    if (spec.access === "public" && !idempotency?.companyOf) {
      throw new Error(
        `${spec.operationId} is public and idempotent: bind it with a companyOf hook (its keys' company)`,
      );
    }
  }
  const { runIdempotently } = options;
  const router = new Router(routes);

  const core = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const { route, params } = router.match(event.requestContext.http.method, event.rawPath);
    try {
      return await answer(route, params, event);
    } catch (error) {
      if (route.spec.refusals) countRefusal(route.spec.refusals, error);
      throw error;
    }
  };

  const answer = async (
    route: BoundRoute,
    params: Record<string, string>,
    event: APIGatewayProxyEventV2,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const started = Date.now();
    const headers = lowerCaseHeaders(event.headers);
    const { spec, readsFirst } = route;
    const parsed = parseParameters(spec, params, event);
    const auth = await authenticate(
      spec,
      headers.authorization,
      readsFirst && ((companyId) => firstReadPlan(readsFirst, companyId, spec, parsed)),
    );
    const rawBody = spec.body ? readJsonBody(event, headers["content-type"]) : undefined;
    const bytes = spec.rawBody ? readRawBody(event, headers["content-type"], spec.rawBody) : undefined;
    // In the order the route's problems are reported: path parameters, query, body.
    const parsedParams = parsed.params();
    const pathParams = parsedParams && dataOrThrow(parsedParams);
    const query = dataOrThrow(parsed.query());
    const request: ApiRequest = {
      params: pathParams,
      query: spec.query ? query : undefined,
      body: spec.body ? parseOrThrow(spec.body, rawBody) : undefined,
      rawBody: bytes as never,
      auth: auth as never,
      headers,
      sourceIp: event.requestContext.http.sourceIp,
      origin: `${headers["x-forwarded-proto"] ?? "https"}://${headers.host ?? event.requestContext.domainName}`,
      reservedId: undefined,
    };
    const result =
      spec.idempotency && runIdempotently ? await runIdempotently(route, request) : await route.run(request);
    logger.info("request", {
      operation: spec.operationId,
      status: result.status,
      durationMs: Date.now() - started,
      companyId: auth?.companyId,
    });
    return toLambdaResponse(result);
  };

  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(responseHeaders())
    .use(problemErrors())
    .handler(core) as unknown as ApiHandler;
  // Around the middlewares too, so the error lines carry the id: the one the access log, the response and
  // everything the request sets off (lib/observability/correlation.ts) carry. Each request has its own
  // kept reads (lib/store/request-reads.ts): the caller lookup's items, for the route to take.
  return (event, context) =>
    withRequestId(event.requestContext.requestId, () => withRequestReads(() => handler(event, context)));
}

/** A route without a query schema takes no query parameters, so a typo (`?limt=5`) is never silently ignored. */
const NO_QUERY = onFirstUse(() => z.strictObject({}));

/** The path and query parameters parsed by the route's schemas, each once: for its first reads and for itself. */
function parseParameters(spec: RouteSpec, params: Record<string, string>, event: APIGatewayProxyEventV2) {
  return {
    params: onFirstUse(() => spec.params?.safeParse(params)),
    query: onFirstUse(() => (spec.query ?? NO_QUERY()).safeParse(event.queryStringParameters ?? {})),
  };
}

/**
 * A route's first reads for the company a token names, from its parameters as the route parses them; none
 * when they would be refused anyway (the route then answers 400 or 422 after the caller's checks, as always).
 */
function firstReadPlan(
  readsFirst: FirstReads,
  companyId: string,
  spec: RouteSpec,
  parsed: ReturnType<typeof parseParameters>,
): FirstReadPlan {
  const [params, query] = [parsed.params(), parsed.query()];
  if (params?.success === false || !query.success) return {};
  try {
    return readsFirst(companyId, { params: params?.data, query: spec.query ? query.data : undefined });
  } catch {
    // E.g. a cursor that does not decode: the route's own reading of it answers the request.
    return {};
  }
}

function lowerCaseHeaders(headers: APIGatewayProxyEventV2["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name.toLowerCase()] = value;
  }
  return out;
}

const REFUSAL_REASONS: Record<number, string> = { 409: "conflict", 422: "validation", 429: "rate-limit" };

/** A refused request (a 4xx the route answers by its rules) counted by reason; anything else is not a refusal. */
function countRefusal(metric: BusinessMetric, error: unknown): void {
  const problem =
    error instanceof HttpProblem ? error : error instanceof ApplicationError ? problemOf(error) : undefined;
  if (!problem || problem.status >= 500) return;
  recordMetric(metric, REFUSAL_REASONS[problem.status] ?? "malformed");
}
