import { Duration } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";
import { OUTBOX_STREAM_FILTER } from "../lib/mail/stream-filter";
import { StreamWorker, streamFilter } from "./stream-worker";

/**
 * Only what the mailer acts on: inserts and updates whose NEW image is an
 * outbox item still pending. Anything else never invokes it; marking the item
 * sent does not re-invoke it. The pattern is lib/mail/stream-filter.ts's, the
 * one the local stream poller applies, so cloud and laptop filter alike.
 */
export const OUTBOX_FILTER = streamFilter(OUTBOX_STREAM_FILTER);

/** Retries of one batch before it goes to the dead-letter queue (bisected on each error). */
export const MAILER_RETRY_ATTEMPTS = 8;

/**
 * How often the sweeper runs. A deferred email waits for its backoff (from a
 * minute, doubling) and then up to this long; a dead delivery's claim for its
 * lease (CLIENTELE_MAIL_LEASE_SECONDS) and then up to this long.
 */
export const SWEEP_SCHEDULE = Duration.minutes(5);

/**
 * The mailer on the table's stream, and the sweeper on a schedule. The stream
 * delivers each new email at once; a delivery that fails defers the message
 * and the sweeper delivers it again once its backoff has passed, until the
 * last attempt marks it undeliverable. The sweeper also takes over claims
 * whose delivery died and pending messages the stream never delivered.
 *
 * A stream batch whose delivery throws (only when even recording the failure
 * fails) is split in two and retried (bisect), so one bad outbox item cannot
 * hold the others back; after the last retry, or once a record is older than
 * a day, the batch's stream coordinates go to the dead-letter queue. The
 * message itself stays in the table's outbox-due index, so the sweeper still
 * delivers it.
 */
export class Mailer extends StreamWorker {
  readonly sweepSchedule: Rule;

  constructor(scope: Construct, id: string, props: { table: ITableV2; fn: IFunction; sweeper: IFunction }) {
    super(scope, id, {
      table: props.table,
      fn: props.fn,
      filter: OUTBOX_FILTER,
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(0),
      bisectBatchOnError: true,
      retryAttempts: MAILER_RETRY_ATTEMPTS,
      maxRecordAge: Duration.days(1),
    });

    this.sweepSchedule = new Rule(this, "SweepSchedule", {
      description: "Runs the outbox sweeper: deferred retries, dead deliveries, emails the stream missed",
      schedule: Schedule.rate(SWEEP_SCHEDULE),
      // A missed run is made up by the next one: nothing to retry.
      targets: [new LambdaFunction(props.sweeper, { retryAttempts: 0 })],
    });
  }
}
