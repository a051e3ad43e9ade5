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
  /**
   * Start where the stream stood at this checkpoint instead of at the start of every shard (the
   * mapping's TRIM_HORIZON): a worker for one test file then reads only what was written since the
   * file began, not the whole run's stream. Shards opened after it are read from their start.
   */
  from?: StreamCheckpoint;
}

export interface StreamPoller {
  stop(): Promise<void>;
}

/** Each shard's position at one moment (shard iterators, so good for as long as they are: 15 minutes). */
export type StreamCheckpoint = ReadonlyMap<string, string | null>;

interface TableStream {
  streams: DynamoDBStreamsClient;
  streamArn: string;
}

async function openTableStream(): Promise<TableStream> {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const region = config().region;
  const table = await new DynamoDBClient({ region }).send(new DescribeTableCommand({ TableName: config().tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${config().tableName} has no stream`);
  return { streams: new DynamoDBStreamsClient({ region, ...(endpoint ? { endpoint } : {}) }), streamArn };
}

/** An iterator for each shard not in `known`, at its start or at its latest record. */
async function newShardIterators(
  { streams, streamArn }: TableStream,
  position: "TRIM_HORIZON" | "LATEST",
  known: StreamCheckpoint = new Map(),
): Promise<Map<string, string | null>> {
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const found = new Map<string, string | null>();
  for (const { ShardId } of StreamDescription?.Shards ?? []) {
    if (!ShardId || known.has(ShardId)) continue;
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId, ShardIteratorType: position }),
    );
    found.set(ShardId, ShardIterator ?? null);
  }
  return found;
}

/** Where the table's stream stands now: a poller started from it reads every record written after. */
export async function streamCheckpoint(): Promise<StreamCheckpoint> {
  return newShardIterators(await openTableStream(), "LATEST");
}

/**
 * Stands in for the Lambda event source mapping on DynamoDB Local: reads every
 * shard of the table's stream, passes matching records to the handler in
 * batches, and delivers failed records again with backoff. It reads on without
 * a pause while a shard has records, and rests only once it has caught up.
 */
export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const stream = await openTableStream();
  const iterators = new Map(options.from);
  const retries: { record: DynamoDBRecord; attempts: number; dueAt: number }[] = [];
  const interval = options.intervalMs ?? 200;
  const maxAttempts = options.maxAttempts ?? 5;
  let running = true;

  const discoverShards = async () => {
    for (const [shardId, iterator] of await newShardIterators(stream, "TRIM_HORIZON", iterators)) {
      iterators.set(shardId, iterator);
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

  /** One read of every shard and the retries that are due; true when some shard had records. */
  const pollOnce = async (): Promise<boolean> => {
    let read = false;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      const out = await stream.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      iterators.set(shardId, out.NextShardIterator ?? null);
      read ||= (out.Records?.length ?? 0) > 0;
      const records = (out.Records ?? []).map(toLambdaRecord).filter(options.filter);
      await deliver(records.map((record) => ({ record, attempts: 0 })));
    }
    const due = retries.filter((r) => r.dueAt <= Date.now());
    for (const entry of due) retries.splice(retries.indexOf(entry), 1);
    await deliver(due);
    return read;
  };

  await discoverShards();
  const loop = (async () => {
    let rounds = 0;
    while (running) {
      let caughtUp = true;
      try {
        caughtUp = !(await pollOnce());
        if (++rounds % 25 === 0) await discoverShards();
      } catch (error) {
        if (running) console.error("stream poller:", (error as Error).message);
      }
      if (caughtUp) await new Promise((r) => setTimeout(r, interval));
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
