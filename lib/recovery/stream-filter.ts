/** The item type of an accepted client forgot-password request (lib/store/password-reset-request-repository.ts). */
export const PASSWORD_RESET_REQUEST_ITEM_TYPE = "password-reset-request";

/**
 * Which stream records the password-reset worker wants: requests just written. Its own delete (a REMOVE)
 * never invokes it again. The CDK event source mapping and the local stream poller both apply it.
 */
export const PASSWORD_RESET_REQUEST_STREAM_FILTER = {
  eventName: ["INSERT"],
  dynamodb: { NewImage: { itemType: { S: [PASSWORD_RESET_REQUEST_ITEM_TYPE] } } },
} as const;

interface StreamRecordLike {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, { S?: string } | undefined> };
}

export function matchesPasswordResetRequestFilter(record: StreamRecordLike): boolean {
  return (
    (PASSWORD_RESET_REQUEST_STREAM_FILTER.eventName as readonly string[]).includes(record.eventName ?? "") &&
    record.dynamodb?.NewImage?.itemType?.S === PASSWORD_RESET_REQUEST_ITEM_TYPE
  );
}
