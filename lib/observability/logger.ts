import { Logger } from "@aws-lambda-powertools/logger";

/**
 * The process-wide structured logger. Request bodies, headers and tokens are
 * never passed to it: log lines name what happened, not what was sent.
 */
export const logger = new Logger({ serviceName: "clientele" });
