import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { HttpProblem } from "./problem";
import type { ApiResult } from "./route";

export function problemResponse(problem: HttpProblem): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { "content-type": "application/problem+json", ...problem.headers },
    body: JSON.stringify(problem.toBody()),
  };
}

export function toLambdaResponse(result: ApiResult): APIGatewayProxyStructuredResultV2 {
  const headers = { ...result.headers };
  if (result.body === undefined) return { statusCode: result.status, headers };
  if (typeof result.body === "string" && headers["content-type"]) {
    return { statusCode: result.status, headers, body: result.body };
  }
  return {
    statusCode: result.status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(result.body),
  };
}

export const ok = (body: unknown, headers?: Record<string, string>): ApiResult => ({ status: 200, body, headers });
export const created = (body: unknown, headers?: Record<string, string>): ApiResult => ({ status: 201, body, headers });
export const accepted = (body?: unknown): ApiResult => ({ status: 202, body });
export const noContent = (): ApiResult => ({ status: 204 });
