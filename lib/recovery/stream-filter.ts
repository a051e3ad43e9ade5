import { matchesStreamPattern, type StreamPattern, type StreamRecordLike } from "../store/stream-pattern";

/** The item type of an accepted client forgot-password request (lib/store/password-reset-request-repository.ts). */
export const PASSWORD_RESET_REQUEST_ITEM_TYPE = "password-reset-request";

/**
 * Which stream records the password-reset worker wants: requests just written. Its own delete (a REMOVE)
 * never invokes it again. The CDK event source mapping and the local stream poller both apply it.
 */
export const PASSWORD_RESET_REQUEST_STREAM_FILTER = {
  eventName: ["INSERT"],
  dynamodb: { NewImage: { itemType: { S: [PASSWORD_RESET_REQUEST_ITEM_TYPE] } } },
} as const satisfies StreamPattern;

export const matchesPasswordResetRequestFilter = (record: StreamRecordLike): boolean =>
  matchesStreamPattern(PASSWORD_RESET_REQUEST_STREAM_FILTER, record);
