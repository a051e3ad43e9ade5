import { matchesStreamPattern, type StreamPattern, type StreamRecordLike } from "../store/stream-pattern";
import { EVENT_ITEM_TYPE } from "../store/webhook-event-repository";

/**
 * Which stream records the deliverer wants: new webhook events. The CDK event
 * source mapping and the local stream poller both apply it.
 */
export const WEBHOOK_EVENT_STREAM_FILTER = {
  eventName: ["INSERT"],
  dynamodb: { NewImage: { itemType: { S: [EVENT_ITEM_TYPE] } } },
} as const satisfies StreamPattern;

export const matchesWebhookEventFilter = (record: StreamRecordLike): boolean =>
  matchesStreamPattern(WEBHOOK_EVENT_STREAM_FILTER, record);
