import { Duration } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { FilterCriteria, type IFunction, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { OUTBOX_STREAM_FILTER } from "../lib/mail/stream-filter";

/**
 * Only what the mailer acts on: inserts and updates whose NEW image is an
 * outbox item still pending. Anything else never invokes it; marking the item
 * sent does not re-invoke it. The pattern is lib/mail/stream-filter.ts's, the
 * one the local stream poller applies, so cloud and laptop filter alike.
 */
export const OUTBOX_FILTER = FilterCriteria.filter(JSON.parse(JSON.stringify(OUTBOX_STREAM_FILTER)));

/** Retries of one batch before it goes to the dead-letter queue (bisected on each error). */
export const MAILER_RETRY_ATTEMPTS = 8;

/**
 * The mailer on the table's stream. A batch that fails is split in two and
 * retried (bisect), so one bad outbox item cannot hold the others back; after
 * the last retry, or once a record is older than a day, the batch's stream
 * coordinates go to the dead-letter queue. The outbox item itself stays
 * `pending` in the table, so nothing is lost: staff can resend it.
 */
export class Mailer extends Construct {
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: { table: ITableV2; fn: IFunction }) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, "DeadLetterQueue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    props.fn.addEventSource(
      new DynamoEventSource(props.table, {
        // Outbox items written before the mapping is enabled must still be delivered.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(0),
        bisectBatchOnError: true,
        retryAttempts: MAILER_RETRY_ATTEMPTS,
        maxRecordAge: Duration.days(1),
        // The handler may return `{ batchItemFailures }`; returning nothing still means "all sent".
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [OUTBOX_FILTER],
      }),
    );
  }
}
