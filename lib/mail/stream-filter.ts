/**
 * Which stream records the mailer wants: outbox items that are (again) pending.
 * The CDK event source mapping and the local stream poller both apply it.
 */
export const OUTBOX_STREAM_FILTER = {
  eventName: ["INSERT", "MODIFY"],
  dynamodb: { NewImage: { itemType: { S: ["outbox"] }, status: { S: ["pending"] } } },
} as const;

interface StreamRecordLike {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, { S?: string } | undefined> };
}

export function matchesOutboxFilter(record: StreamRecordLike): boolean {
  const image = record.dynamodb?.NewImage;
  return (
    (OUTBOX_STREAM_FILTER.eventName as readonly string[]).includes(record.eventName ?? "") &&
    image?.itemType?.S === "outbox" &&
    image.status?.S === "pending"
  );
}
