import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { config } from "../config";
import { lambdaContext } from "./lambda-context";

export type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse | undefined>;

export interface StreamPollerOptions {
  /** Like the event source mapping's filter: records that fail it never reach the handler. */
  filter: (record: DynamoDBRecord) => boolean;
  handler: StreamHandler;
  intervalMs?: number;
  /** Deliveries of a failing record before it is given up, like maximumRetryAttempts. */
  maxAttempts?: number;
  /** Records per invocation at most, like the event source mapping's batchSize (default: all that arrived). */
  batchSize?: number;
}

export interface StreamPoller {
  stop(): Promise<void>;
}

/**
 * Stands in for the Lambda event source mapping on DynamoDB Local: reads every
 * shard of the table's stream from its start, passes matching records to the
 * handler in batches, and delivers failed records again with backoff.
 */
export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const region = config().region;
  const table = await new DynamoDBClient({ region }).send(new DescribeTableCommand({ TableName: config().tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${config().tableName} has no stream`);
  const streams = new DynamoDBStreamsClient({ region, ...(endpoint ? { endpoint } : {}) });
  const iterators = new Map<string, string | null>();
  const retries: { record: DynamoDBRecord; attempts: number; dueAt: number }[] = [];
  const interval = options.intervalMs ?? 200;
  const maxAttempts = options.maxAttempts ?? 5;
  let running = true;

  const discoverShards = async () => {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (iterators.has(shard.ShardId!)) continue;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId!,
          ShardIteratorType: "TRIM_HORIZON",
        }),
      );
      iterators.set(shard.ShardId!, ShardIterator ?? null);
    }
  };

  const deliver = async (records: { record: DynamoDBRecord; attempts: number }[]) => {
    const size = options.batchSize ?? records.length;
    for (let start = 0; start < records.length; start += size) await invoke(records.slice(start, start + size));
  };

  const invoke = async (records: { record: DynamoDBRecord; attempts: number }[]) => {
    let failed = new Set<string>();
    try {
      const result = await options.handler({ Records: records.map((r) => r.record) }, lambdaContext());
      failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      failed = new Set(records.map((r) => r.record.dynamodb?.SequenceNumber ?? ""));
    }
    for (const entry of records) {
      if (!failed.has(entry.record.dynamodb?.SequenceNumber ?? "")) continue;
      if (entry.attempts + 1 >= maxAttempts) {
        console.error(
          `stream poller: gave up on record ${entry.record.dynamodb?.SequenceNumber} after ${maxAttempts} attempts`,
        );
        continue;
      }
      retries.push({
        record: entry.record,
        attempts: entry.attempts + 1,
        dueAt: Date.now() + interval * 2 ** entry.attempts,
      });
    }
  };

  const pollOnce = async () => {
    if (iterators.size === 0) await discoverShards();
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      iterators.set(shardId, out.NextShardIterator ?? null);
      const records = (out.Records ?? []).map(toLambdaRecord).filter(options.filter);
      await deliver(records.map((record) => ({ record, attempts: 0 })));
    }
    const due = retries.filter((r) => r.dueAt <= Date.now());
    for (const entry of due) retries.splice(retries.indexOf(entry), 1);
    await deliver(due);
  };

  const loop = (async () => {
    let rounds = 0;
    while (running) {
      try {
        await pollOnce();
        if (++rounds % 25 === 0) await discoverShards();
      } catch (error) {
        if (running) console.error("stream poller:", (error as Error).message);
      }
      await new Promise((r) => setTimeout(r, interval));
    }
  })();

  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

function toLambdaRecord(record: _Record): DynamoDBRecord {
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord["eventName"],
    eventSource: "aws:dynamodb",
    eventVersion: record.eventVersion,
    awsRegion: record.awsRegion,
    dynamodb: record.dynamodb as DynamoDBRecord["dynamodb"],
  };
}
