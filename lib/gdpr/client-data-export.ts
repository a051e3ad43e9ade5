import { recordView } from "../billing/billing-views";
import { toClientView } from "../clients/client-view";
import { loadLiveClient } from "../clients/get-client";
import { BILLING_KINDS, type BillingKind } from "../domain/billing-records";
import type { Client } from "../domain/client";
import type { HistoryEvent } from "../domain/history";
import { toAmountList } from "../domain/money";
import { type BillingRecord, getBillingSummary, queryBillingRecords } from "../store/billing-repository";
import { queryHistory } from "../store/client-history-repository";
import { listClientMessages } from "../store/outbox-repository";

const PAGE = 100;

/**
 * Everything held about a client, as one JSON document (a data subject's
 * access request, GDPR art. 15): the profile with encrypted fields decrypted
 * and the marketing consent, the full history, every billing record with the
 * running totals, and the emails queued and sent (which template, when, how
 * it went; the text is rendered at sending and not kept).
 */
export async function clientDataExport(companyId: string, clientId: string) {
  const stored = await loadLiveClient(companyId, clientId);
  const profile: Client = await toClientView(stored, "staff");
  const [history, billing, emails, totals] = await Promise.all([
    allHistory(companyId, clientId),
    Promise.all(BILLING_KINDS.map((kind) => allRecords(companyId, clientId, kind, profile.currency))),
    listClientMessages(companyId, clientId),
    getBillingSummary(companyId, clientId),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    companyId,
    profile,
    marketingConsent: profile.marketing,
    history,
    billing: {
      ...Object.fromEntries(BILLING_KINDS.map((kind, i) => [kind, billing[i]])),
      totals: { amountsDue: toAmountList(totals.due), credits: toAmountList(totals.credits) },
    },
    emails: emails.map(({ messageId, templateId, status, attempts, createdAt, failure }) => ({
      messageId,
      templateId,
      status,
      attempts,
      createdAt,
      ...(failure ? { failure } : {}),
    })),
  };
}

async function allHistory(companyId: string, clientId: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await queryHistory(companyId, clientId, PAGE, startKey);
    events.push(...page.events);
    startKey = page.lastKey;
  } while (startKey);
  return events;
}

async function allRecords(companyId: string, clientId: string, kind: BillingKind, currency: string) {
  const records: BillingRecord[] = [];
  let afterId: string | undefined;
  do {
    const page = await queryBillingRecords(companyId, clientId, kind, PAGE, afterId);
    records.push(...page.records);
    afterId = page.lastId ?? undefined;
  } while (afterId);
  return records.map((record) => recordView(kind, record, currency));
}
