import type { LogItem } from "@aws-lambda-powertools/logger";
import { Logger } from "@aws-lambda-powertools/logger";
import { currentRequestId } from "./correlation";

/** Adds the request id of lib/observability/correlation.ts to every line written on a request's behalf. */
class CorrelatedLogger extends Logger {
  protected override createAndPopulateLogItem(...args: Parameters<Logger["createAndPopulateLogItem"]>): LogItem {
    const item = super.createAndPopulateLogItem(...args);
    const requestId = currentRequestId();
    return requestId ? item.addAttributes({ requestId }) : item;
  }
}

/**
 * The process-wide structured logger. Request bodies, headers and tokens are
 * never passed to it: log lines name what happened, not what was sent.
 */
export const logger: Logger = new CorrelatedLogger({ serviceName: "clientele" });
