import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { ROUTE_PATHS } from "../lib/api/route-paths";
import { problemErrors } from "../lib/http/middleware/problem-errors";
import { responseHeaders } from "../lib/http/middleware/response-headers";
import { problems } from "../lib/http/problem";
import { Router } from "../lib/http/router";
import { logger } from "../lib/observability/logger";

/**
 * API Gateway's `$default` route: every request no other route took. It knows
 * every path and method (lib/api/route-paths.ts, no schemas), so it answers
 * 405 (with Allow) for a known path and 404 otherwise, whatever the query.
 */
const router = new Router(ROUTE_PATHS.map((spec) => ({ spec })));

async function answer(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  router.match(event.requestContext.http.method, event.rawPath);
  // A route's own function answers its method and path; reaching here with one means no such resource.
  throw problems.notFound();
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(responseHeaders())
  .use(problemErrors())
  .handler(answer);
