import { setTimeout as sleep } from "node:timers/promises";
import type { BillingKind, BillingSummary } from "../domain/billing";
import { BillingRuleError } from "../domain/billing-rules";
import type { WebhookEventType } from "../domain/webhook";
import { ConflictError, NotFoundError } from "../errors/application-errors";
import {
  type BillingRecord,
  type BillingWrite,
  commitBillingWrite,
  getBillingRecord,
  getBillingSummary,
} from "../store/billing-repository";
import { newEvent } from "../webhooks/events";
import { recordView } from "./billing-views";

/** Enough for a burst of writes on one client: each lost race means another write landed. */
const MAX_ATTEMPTS = 8;

export interface BillingTarget {
  companyId: string;
  clientId: string;
  kind: BillingKind;
  recordId: string;
  /** The client's preferred currency: a service's event shows its renewal currency, as the API does. */
  clientCurrency: string;
}

const CREATED_EVENTS: Record<BillingKind, WebhookEventType> = {
  invoices: "invoice.created",
  transactions: "transaction.created",
  services: "service.created",
};

/** What one attempt writes, computed from the summary (and records) as they are now. */
export type BillingPlan = Pick<BillingWrite, "record" | "summaryAfter" | "invoice">;

/**
 * Writes a billing record with its effect on the client's summary and the
 * webhook event announcing it (the record as the API shows it, with its client): read,
 * plan, commit conditionally; on a lost race, plan again on the fresh state
 * (so a payment that no longer fits its invoice is refused, not applied).
 * A record already written under this id (a retry with the same
 * Idempotency-Key after a crash) is returned as it is.
 */
export async function writeBillingRecord<R extends BillingRecord>(
  target: BillingTarget,
  plan: (summary: BillingSummary) => Promise<BillingPlan>,
): Promise<R> {
  const { companyId, clientId, kind, recordId } = target;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const summaryBefore = await getBillingSummary(companyId, clientId);
    let planned: BillingPlan;
    try {
      planned = await plan(summaryBefore);
    } catch (error) {
      if (error instanceof BillingRuleError) throw new ConflictError(error.message, error.slug);
      throw error;
    }
    const event = newEvent(companyId, CREATED_EVENTS[kind], {
      ...recordView(kind, planned.record, target.clientCurrency),
      clientId,
    });
    const outcome = await commitBillingWrite({ companyId, clientId, kind, summaryBefore, ...planned, event });
    if (outcome === "written") return planned.record as R;
    if (outcome === "client-gone") throw new NotFoundError("No client has this id.");
    if (outcome === "record-exists") {
      const existing = await getBillingRecord(companyId, clientId, kind, recordId);
      if (existing) return existing as R;
    }
    // Jittered backoff so racing writers on one client spread out instead of colliding again.
    await sleep(Math.floor(Math.random() * 10 * attempt));
  }
  throw new ConflictError("The client's billing records are changing fast; retry shortly.", "billing-busy");
}
