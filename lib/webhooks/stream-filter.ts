import { EVENT_ITEM_TYPE } from "../store/webhook-event-repository";

/**
 * Which stream records the deliverer wants: new webhook events. The CDK event
 * source mapping and the local stream poller both apply it.
 */
export const WEBHOOK_EVENT_STREAM_FILTER = {
  eventName: ["INSERT"],
  dynamodb: { NewImage: { itemType: { S: [EVENT_ITEM_TYPE] } } },
} as const;

interface StreamRecordLike {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, { S?: string } | undefined> };
}

export function matchesWebhookEventFilter(record: StreamRecordLike): boolean {
  return record.eventName === "INSERT" && record.dynamodb?.NewImage?.itemType?.S === EVENT_ITEM_TYPE;
}
