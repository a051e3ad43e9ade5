import { Duration } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";
import { WEBHOOK_EVENT_STREAM_FILTER } from "../lib/webhooks/stream-filter";
import { StreamWorker, streamFilter } from "./stream-worker";

/** Only new webhook events invoke the deliverer (lib/webhooks/stream-filter.ts, as the local poller applies it). */
export const WEBHOOK_EVENT_FILTER = streamFilter(WEBHOOK_EVENT_STREAM_FILTER);

/** Retries of one batch's fan-out before its stream coordinates go to the dead-letter queue. */
export const DELIVERER_RETRY_ATTEMPTS = 8;

/**
 * How often due deliveries are swept: a retry waits for its backoff (from a
 * minute, doubling) and then up to this long; a dead attempt for its lease.
 */
export const WEBHOOK_SWEEP_SCHEDULE = Duration.minutes(1);

/**
 * The webhook deliverer on the table's stream and its sweeper on a schedule.
 * The stream fans each new event out to its endpoints and attempts them at
 * once; failed attempts wait in the outbox-due index (partition WEBHOOK#DUE)
 * and the sweeper attempts them when due, as it does redeliveries and attempts
 * whose worker died. A fan-out that throws (the store failed) is bisected and
 * retried; after the last retry the batch's coordinates go to the dead-letter
 * queue, and the event item itself is still in the table to be replayed.
 */
export class Webhooks extends StreamWorker {
  readonly sweepSchedule: Rule;

  constructor(scope: Construct, id: string, props: { table: ITableV2; deliverer: IFunction; sweeper: IFunction }) {
    super(scope, id, {
      table: props.table,
      fn: props.deliverer,
      filter: WEBHOOK_EVENT_FILTER,
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(0),
      // Several shards' batches side by side: one slow receiver holds up only its own batch.
      parallelizationFactor: 4,
      bisectBatchOnError: true,
      retryAttempts: DELIVERER_RETRY_ATTEMPTS,
      maxRecordAge: Duration.days(1),
    });

    this.sweepSchedule = new Rule(this, "SweepSchedule", {
      description: "Runs the webhook sweeper: due retries, redeliveries, attempts whose worker died",
      schedule: Schedule.rate(WEBHOOK_SWEEP_SCHEDULE),
      targets: [new LambdaFunction(props.sweeper, { retryAttempts: 0 })],
    });
  }
}
