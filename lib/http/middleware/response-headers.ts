import type middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

const SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/** Adds the request id and the security headers to every response, errors included. */
export function responseHeaders(): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const add = (request: middy.Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>) => {
    const response = request.response;
    if (!response) return;
    response.headers = {
      ...SECURITY_HEADERS,
      ...response.headers,
      "x-request-id": request.event.requestContext?.requestId ?? request.context.awsRequestId,
    };
  };
  return { after: add, onError: add };
}
