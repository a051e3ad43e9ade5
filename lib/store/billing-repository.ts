import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  type BillingKind,
  type BillingSummary,
  EMPTY_SUMMARY,
  type Invoice,
  type Service,
  type Transaction,
} from "../domain/billing-records";
import type { MoneyByCurrency } from "../domain/money";
import type { WebhookEvent } from "../domain/webhook";
import { db, tableName } from "./client";
import type { StoredClient } from "./client-repository";
import { TransactionConditionFailed } from "./errors";
import { fromItem, isExpired, toItem } from "./items";
import { keys } from "./keys";
import { getEntity, prefixQuery, queryPage, type TableQuery } from "./operations";
import { atVersion, IS_NEW, type NamedItem, named, type TransactItem, transactWrite, tx } from "./transact";
import { eventPut } from "./webhook-event-repository";

/**
 * Billing records live in the client's partition (`INV#`, `TX#`, `SVC#` +
 * time-ordered id) beside a summary item (`PROFILE#BILLING`) that holds the
 * running totals per currency and the latest records of each kind. Amounts
 * are stored as DynamoDB numbers of minor units, which come back as numbers
 * (or bigints past 2^53) and are revived to bigints here.
 */
export type BillingRecord = Invoice | Transaction | Service;

const TYPES: Record<BillingKind, string> = { invoices: "invoice", transactions: "transaction", services: "service" };

const big = (value: unknown): bigint => BigInt(value as number | bigint);

const reviveTotals = (totals: Record<string, unknown> | undefined): MoneyByCurrency =>
  Object.fromEntries(Object.entries(totals ?? {}).map(([currency, minor]) => [currency, big(minor)]));

function reviveInvoice(invoice: Invoice): Invoice {
  return {
    ...invoice,
    lines: invoice.lines.map((line) => ({ ...line, unitPrice: big(line.unitPrice), amount: big(line.amount) })),
    subtotal: big(invoice.subtotal),
    tax: big(invoice.tax),
    total: big(invoice.total),
    amountPaid: big(invoice.amountPaid),
  };
}

const reviveTransaction = (transaction: Transaction): Transaction => ({
  ...transaction,
  amount: big(transaction.amount),
});
const reviveService = (service: Service): Service => ({ ...service, price: big(service.price) });

const REVIVERS = { invoices: reviveInvoice, transactions: reviveTransaction, services: reviveService } as const;

function reviveRecord<K extends BillingKind>(kind: K, record: BillingRecord): BillingRecord {
  return (REVIVERS[kind] as (record: BillingRecord) => BillingRecord)(record);
}

function reviveSummary(stored: BillingSummary | null): BillingSummary {
  if (!stored) return EMPTY_SUMMARY;
  return {
    version: stored.version,
    due: reviveTotals(stored.due),
    credits: reviveTotals(stored.credits),
    recent: {
      invoices: (stored.recent?.invoices ?? []).map(reviveInvoice),
      transactions: (stored.recent?.transactions ?? []).map(reviveTransaction),
      services: (stored.recent?.services ?? []).map(reviveService),
    },
  };
}

export interface ClientProfileItems {
  client: StoredClient | null;
  summary: BillingSummary;
}

/** The client and its billing summary (totals and latest records) in one Query, however many records it has. */
export async function readClientProfile(companyId: string, clientId: string): Promise<ClientProfileItems> {
  const { pk, skPrefix } = keys.clientProfilePrefix(companyId, clientId);
  const { Items = [] } = await queryPage({ ...prefixQuery(pk, skPrefix), ConsistentRead: true });
  const clientItem = Items.find((item) => item.sk === keys.client(companyId, clientId).sk);
  const summaryItem = Items.find((item) => item.sk === keys.billingSummary(companyId, clientId).sk);
  return {
    client: clientItem && !isExpired(clientItem) && !clientItem.deleting ? fromItem<StoredClient>(clientItem) : null,
    summary: reviveSummary(summaryItem ? fromItem<BillingSummary>(summaryItem) : null),
  };
}

export async function getBillingSummary(companyId: string, clientId: string): Promise<BillingSummary> {
  return reviveSummary(await getEntity<BillingSummary>(keys.billingSummary(companyId, clientId), true));
}

export async function getBillingRecord<K extends BillingKind>(
  companyId: string,
  clientId: string,
  kind: K,
  recordId: string,
): Promise<BillingRecord | null> {
  const record = await getEntity<BillingRecord>(keys.billingRecord(companyId, clientId, kind, recordId), true);
  return record ? reviveRecord(kind, record) : null;
}

export interface RecordPage {
  records: BillingRecord[];
  /** The id of the last record returned, when more follow. */
  lastId: string | null;
}

/** A page of one kind of record, newest first, starting after the record `afterId`. */
export async function queryBillingRecords(
  companyId: string,
  clientId: string,
  kind: BillingKind,
  limit: number,
  afterId?: string,
): Promise<RecordPage> {
  const { Items = [] } = await queryPage(billingRecordsQuery(companyId, clientId, kind, limit, afterId));
  const records = Items.slice(0, limit).map((item) => reviveRecord(kind, fromItem<BillingRecord>(item)));
  return { records, lastId: Items.length > limit ? records[records.length - 1]!.id : null };
}

/** The Query of one page of records (see queryBillingRecords). */
export function billingRecordsQuery(
  companyId: string,
  clientId: string,
  kind: BillingKind,
  limit: number,
  afterId?: string,
): TableQuery {
  const { pk, skPrefix } = keys.billingRecordPrefix(companyId, clientId, kind);
  return {
    ...prefixQuery(pk, skPrefix),
    ScanIndexForward: false,
    // One more than asked tells whether another page follows, so the last page never comes back empty.
    Limit: limit + 1,
    ...(afterId ? { ExclusiveStartKey: keys.billingRecord(companyId, clientId, kind, afterId) } : {}),
  };
}

/** Takes the company's next invoice number: atomic and never reused (a failed create leaves a gap). */
export async function nextInvoiceNumber(companyId: string): Promise<number> {
  const { Attributes } = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.invoiceCounter(companyId),
      UpdateExpression: "ADD #last :one",
      ExpressionAttributeNames: { "#last": "last" },
      ExpressionAttributeValues: { ":one": 1 },
      ReturnValues: "UPDATED_NEW",
    }),
  );
  return Number(Attributes?.last);
}

export interface BillingWrite {
  companyId: string;
  clientId: string;
  /** The summary as read; the write only lands if it is still at this version. */
  summaryBefore: BillingSummary;
  summaryAfter: BillingSummary;
  kind: BillingKind;
  record: BillingRecord;
  /** An invoice changed by the write (a payment applied); only lands if it is still as read. */
  invoice?: { before: Invoice; after: Invoice };
  /** The webhook event announcing the record (invoice.created, ...). */
  event: WebhookEvent;
}

/** Why a billing write did not land: the client is gone, the record was already written, or a race was lost. */
export type BillingWriteOutcome = "written" | "client-gone" | "record-exists" | "conflict";

/**
 * The record, the summary and any invoice it changes, in one transaction,
 * each conditional on the state the write was computed from, so two writes
 * racing on one client (two payments on one invoice) can never both apply.
 */
export async function commitBillingWrite(write: BillingWrite): Promise<BillingWriteOutcome> {
  const { companyId, clientId, summaryBefore, summaryAfter } = write;
  const items: (TransactItem | NamedItem)[] = [
    // A client being deleted takes no new records: its partition purge could miss them.
    named(
      "client",
      tx.check(keys.client(companyId, clientId), {
        ConditionExpression:
          "attribute_exists(pk) AND attribute_not_exists(pending) AND attribute_not_exists(deleting)",
      }),
    ),
    tx.put(
      toItem(keys.billingSummary(companyId, clientId), "billing-summary", {
        ...summaryAfter,
        version: summaryBefore.version + 1,
      }),
      summaryBefore.version === 0 ? IS_NEW : atVersion(summaryBefore.version),
    ),
    named(
      "record",
      tx.put(
        toItem(keys.billingRecord(companyId, clientId, write.kind, write.record.id), TYPES[write.kind], write.record),
        IS_NEW,
      ),
    ),
    eventPut(write.event, clientId),
  ];
  if (write.invoice) {
    const { before, after } = write.invoice;
    items.push(
      tx.put(toItem(keys.billingRecord(companyId, clientId, "invoices", after.id), TYPES.invoices, after), {
        ConditionExpression: "amountPaid = :paid AND #status = :status",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":paid": before.amountPaid, ":status": before.status },
      }),
    );
  }
  try {
    await transactWrite(items);
    return "written";
  } catch (error) {
    if (error instanceof TransactionConditionFailed) {
      if (error.on("client")) return "client-gone";
      if (error.on("record")) return "record-exists";
      // The summary or the invoice moved on: another write got there first.
      return "conflict";
    }
    if (isTransactionConflict(error)) return "conflict";
    throw error;
  }
}

/** A transaction cancelled only because a concurrent transaction held one of its items. */
function isTransactionConflict(error: unknown): boolean {
  if ((error as { name?: string }).name !== "TransactionCanceledException") return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.every((r) => !r.Code || ["None", "TransactionConflict"].includes(r.Code));
}

export interface WidgetLayoutItem {
  order: string[];
  minimized: string[];
}

export function getWidgetLayout(companyId: string, staffSub: string, page: string) {
  return getEntity<WidgetLayoutItem>(keys.staffWidgets(companyId, staffSub, page));
}

export async function putWidgetLayout(companyId: string, staffSub: string, page: string, layout: WidgetLayoutItem) {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: toItem(keys.staffWidgets(companyId, staffSub, page), "widget-layout", {
        ...layout,
        updatedAt: new Date().toISOString(),
      }),
    }),
  );
}
