import { matchesStreamPattern, type StreamPattern, type StreamRecordLike } from "../store/stream-pattern";

/**
 * Which stream records the mailer wants: outbox items that are (again) pending.
 * The CDK event source mapping and the local stream poller both apply it.
 */
export const OUTBOX_STREAM_FILTER = {
  eventName: ["INSERT", "MODIFY"],
  dynamodb: { NewImage: { itemType: { S: ["outbox"] }, status: { S: ["pending"] } } },
} as const satisfies StreamPattern;

export const matchesOutboxFilter = (record: StreamRecordLike): boolean =>
  matchesStreamPattern(OUTBOX_STREAM_FILTER, record);
