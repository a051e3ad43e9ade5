import type middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { ApplicationError } from "../../errors/application-errors";
import { logger } from "../../observability/logger";
import { recordMetric } from "../../observability/metrics";
import { isTransactionConflict } from "../../store/errors";
import { HttpProblem, problemOf, problems } from "../problem";
import { problemResponse } from "../response";

/** Throttling and contention answers of DynamoDB and Cognito: the request may simply be sent again. */
const BUSY_ERRORS = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "TransactionConflictException",
  "TooManyRequestsException",
  "LimitExceededException",
]);
const BUSY_RETRY_SECONDS = 1;

/**
 * Turns any error into an RFC 9457 response. Unexpected errors are logged with
 * their stack and answered as a bare 500: no message or stack leaves the process.
 */
export function problemErrors(): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      const error = request.error;
      if (error instanceof HttpProblem) {
        request.response = problemResponse(error);
        return;
      }
      if (error instanceof ApplicationError) {
        request.response = problemResponse(problemOf(error));
        return;
      }
      // A transaction DynamoDB cancelled for a concurrent one on its items wrote nothing: it may be sent again.
      const conflict = isTransactionConflict(error);
      if (conflict || BUSY_ERRORS.has((error as { name?: string } | null)?.name ?? "")) {
        const name = (error as Error).name;
        logger.warn("a dependency is busy", { error: name });
        recordMetric("Busy", conflict ? "conflict" : "throttling");
        request.response = problemResponse(problems.busy(BUSY_RETRY_SECONDS));
        return;
      }
      logger.error("unhandled error", { error: error as Error });
      request.response = problemResponse(problems.internal());
    },
  };
}
