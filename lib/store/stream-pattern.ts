/** The part of a DynamoDB stream record a filter pattern looks at (and the workers read their item's keys from). */
export interface StreamRecordLike {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, { S?: string; N?: string } | undefined> };
}

/** The part of Lambda's event filter pattern syntax the workers use: event names and string values of the new image. */
export interface StreamPattern {
  eventName: readonly string[];
  dynamodb: { NewImage: Readonly<Record<string, { S: readonly string[] }>> };
}

/**
 * Whether a record passes a pattern as the event source mapping decides it: the workers check again what
 * they were given, and the local stream poller, which has no mapping, filters with it. One reading of the
 * pattern for both, so the laptop filters exactly as the cloud does.
 */
export function matchesStreamPattern(pattern: StreamPattern, record: StreamRecordLike): boolean {
  const image = record.dynamodb?.NewImage;
  return (
    pattern.eventName.includes(record.eventName ?? "") &&
    Object.entries(pattern.dynamodb.NewImage).every(([name, { S }]) => {
      const value = image?.[name]?.S;
      return value !== undefined && S.includes(value);
    })
  );
}
