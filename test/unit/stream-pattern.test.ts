import { matchesImportChunkFilter } from "../../lib/imports/stream-filter";
import { matchesOutboxFilter } from "../../lib/mail/stream-filter";
import { matchesPasswordResetRequestFilter } from "../../lib/recovery/stream-filter";
import { matchesWebhookEventFilter } from "../../lib/webhooks/stream-filter";

const record = (eventName: string, image?: Record<string, string>) => ({
  eventName,
  dynamodb: image ? { NewImage: Object.fromEntries(Object.entries(image).map(([k, v]) => [k, { S: v }])) } : {},
});

describe("the workers' stream filters, read as the event source mapping reads them", () => {
  it("pass a pending outbox item or import chunk written or rewritten, and nothing else", () => {
    for (const [matches, itemType] of [
      [matchesOutboxFilter, "outbox"],
      [matchesImportChunkFilter, "import-chunk"],
    ] as const) {
      expect(matches(record("INSERT", { itemType, status: "pending" }))).toBe(true);
      expect(matches(record("MODIFY", { itemType, status: "pending" }))).toBe(true);
      expect(matches(record("MODIFY", { itemType, status: "sent" }))).toBe(false);
      expect(matches(record("INSERT", { itemType }))).toBe(false);
      expect(matches(record("INSERT", { itemType: "client", status: "pending" }))).toBe(false);
      expect(matches(record("REMOVE"))).toBe(false);
    }
  });

  it("pass a webhook event or a reset request only when it is first written", () => {
    expect(matchesWebhookEventFilter(record("INSERT", { itemType: "webhook-event" }))).toBe(true);
    expect(matchesWebhookEventFilter(record("MODIFY", { itemType: "webhook-event" }))).toBe(false);
    expect(matchesPasswordResetRequestFilter(record("INSERT", { itemType: "password-reset-request" }))).toBe(true);
    expect(matchesPasswordResetRequestFilter(record("REMOVE", { itemType: "password-reset-request" }))).toBe(false);
    expect(matchesPasswordResetRequestFilter(record("INSERT", { itemType: "webhook-event" }))).toBe(false);
  });
});
