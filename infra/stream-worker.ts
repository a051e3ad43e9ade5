import { Duration } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { FilterCriteria, type IFunction, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

/** A filter pattern of lib/ (the one the local stream poller applies too), as the event source takes it. */
export const streamFilter = (pattern: object) => FilterCriteria.filter(JSON.parse(JSON.stringify(pattern)));

export interface StreamWorkerProps {
  table: ITableV2;
  fn: IFunction;
  /** From `streamFilter`: only the records the worker acts on invoke it. */
  filter: Record<string, unknown>;
  batchSize: number;
  /** Deliveries of a record that keeps failing before its stream coordinates go to the dead-letter queue. */
  retryAttempts: number;
  /** A record older than this goes to the dead-letter queue undelivered. */
  maxRecordAge: Duration;
  parallelizationFactor?: number;
  /** Split a batch whose handler throws in two and retry the halves, so one bad record holds back no other. */
  bisectBatchOnError?: boolean;
  maxBatchingWindow?: Duration;
}

/**
 * A worker on the table's stream, from its oldest record (what was written before the mapping was enabled
 * still counts): only the failed records of a batch are delivered again (partial batch response), and a record
 * that keeps failing ends in an encrypted dead-letter queue kept 14 days.
 */
export class StreamWorker extends Construct {
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, { table, fn, filter, ...delivery }: StreamWorkerProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, "DeadLetterQueue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        bisectBatchOnError: false,
        reportBatchItemFailures: true,
        ...delivery,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [filter],
      }),
    );
  }
}
