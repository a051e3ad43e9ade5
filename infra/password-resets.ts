import { Duration } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";
import { PASSWORD_RESET_REQUEST_STREAM_FILTER } from "../lib/recovery/stream-filter";
import { StreamWorker, streamFilter } from "./stream-worker";

/** Only new forgot-password requests invoke the worker; its own delete of a request does not. */
export const PASSWORD_RESET_REQUEST_FILTER = streamFilter(PASSWORD_RESET_REQUEST_STREAM_FILTER);

/** Deliveries of a request that keeps failing before its stream coordinates go to the dead-letter queue. */
export const PASSWORD_RESETS_RETRY_ATTEMPTS = 10;

/**
 * The password-reset worker on the table's stream: carries out the client forgot-password requests the
 * API accepted (lib/recovery/password-reset-worker.ts). A request delivered again finds itself carried out
 * (its item is deleted in the transaction that queues the email) and sends nothing twice. Only failed
 * records are delivered again (partial batch response); one still failing after an hour is given up to
 * the dead-letter queue (the person can ask again), and its request item expires within a day.
 */
export class PasswordResets extends StreamWorker {
  constructor(scope: Construct, id: string, props: { table: ITableV2; fn: IFunction }) {
    super(scope, id, {
      ...props,
      filter: PASSWORD_RESET_REQUEST_FILTER,
      batchSize: 10,
      retryAttempts: PASSWORD_RESETS_RETRY_ATTEMPTS,
      maxRecordAge: Duration.hours(1),
    });
  }
}
