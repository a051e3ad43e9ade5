import {
  BILLING_PERIODS,
  type BillingKind,
  type BillingPeriod,
  type BillingSummary,
  type Invoice,
  type InvoiceLine,
  type RecentRecords,
  type Service,
  type Transaction,
} from "./billing-records";
import { addTo, formatMoney, formatScaled, type Minor, mulDivRound, parseScaled } from "./money";

/** How many of each kind of record the profile shows. */
export const RECENT_LIMIT = 5;

/** Quantities and tax rates carry up to 4 decimals. */
const SCALE = 4;
const ONE = 10n ** BigInt(SCALE);

/** A rule of the billing records that the request would break, given their current state. */
export class BillingRuleError extends Error {
  constructor(
    readonly slug: string,
    message: string,
  ) {
    super(message);
    this.name = "BillingRuleError";
  }
}

/**
 * The tax rate the system applies to a client's invoices: none for a
 * tax-exempt client, else the group's rate when it sets one, else the company's.
 */
export function applicableTaxRate(
  client: { taxExempt: boolean },
  groupRate: string | undefined,
  companyRate: string | undefined,
): string {
  if (client.taxExempt) return "0";
  return formatScaled(parseScaled(groupRate ?? companyRate ?? "0", SCALE), SCALE);
}

export interface PricedLine {
  description: string;
  quantity: string;
  unitPrice: Minor;
}

/** Line amounts, subtotal, tax and total: each line and the tax rounded half up to the minor unit. */
export function priceInvoice(lines: PricedLine[], taxRate: string) {
  const priced: InvoiceLine[] = lines.map((line) => {
    const quantity = parseScaled(line.quantity, SCALE);
    return {
      description: line.description,
      quantity: formatScaled(quantity, SCALE),
      unitPrice: line.unitPrice,
      amount: mulDivRound(line.unitPrice, quantity, ONE),
    };
  });
  const subtotal = priced.reduce((sum, line) => sum + line.amount, 0n);
  const tax = mulDivRound(subtotal, parseScaled(taxRate, SCALE), 100n * ONE);
  return { lines: priced, subtotal, tax, total: subtotal + tax };
}

/** A new invoice's effect on the totals: an open invoice is owed in full. */
export function addInvoice(summary: BillingSummary, invoice: Invoice): BillingSummary {
  const owed = invoice.status === "open" ? invoice.total - invoice.amountPaid : 0n;
  return {
    ...summary,
    due: owed === 0n ? summary.due : addTo(summary.due, invoice.currency, owed),
    recent: withRecent(summary.recent, "invoices", invoice),
  };
}

export function addService(summary: BillingSummary, service: Service): BillingSummary {
  return { ...summary, recent: withRecent(summary.recent, "services", service) };
}

/**
 * A transaction's effect. Payments and credits applied to an invoice reduce
 * what it owes (never below zero); unapplied, they are credit held for the
 * client. A refund gives back part of what an invoice was paid (reopening it),
 * or, unapplied, part of the credit held.
 */
export function applyTransaction(
  summary: BillingSummary,
  transaction: Transaction,
  invoice: Invoice | null,
): { summary: BillingSummary; invoice: Invoice | null } {
  const { currency, amount } = transaction;
  let next: BillingSummary = { ...summary, recent: withRecent(summary.recent, "transactions", transaction) };
  if (!invoice) {
    const held = summary.credits[currency] ?? 0n;
    if (transaction.type === "refund" && amount > held) {
      throw new BillingRuleError(
        "exceeds-credit",
        `The client holds ${formatMoney(held, currency)} ${currency} of credit; a refund cannot exceed it.`,
      );
    }
    const delta = transaction.type === "refund" ? -amount : amount;
    return { summary: { ...next, credits: addTo(summary.credits, currency, delta) }, invoice: null };
  }
  if (invoice.currency !== currency) {
    throw new BillingRuleError("currency-mismatch", `The invoice is in ${invoice.currency}.`);
  }
  let amountPaid: Minor;
  if (transaction.type === "refund") {
    if (invoice.status !== "open" && invoice.status !== "paid") {
      throw new BillingRuleError("invoice-not-payable", `The invoice is ${invoice.status}.`);
    }
    if (amount > invoice.amountPaid) {
      throw new BillingRuleError("exceeds-amount-paid", "A refund cannot exceed what the invoice was paid.");
    }
    amountPaid = invoice.amountPaid - amount;
  } else {
    if (invoice.status !== "open")
      throw new BillingRuleError("invoice-not-payable", `The invoice is ${invoice.status}.`);
    if (amount > invoice.total - invoice.amountPaid) {
      throw new BillingRuleError("exceeds-invoice-balance", "The amount is more than the invoice still owes.");
    }
    amountPaid = invoice.amountPaid + amount;
  }
  const updated: Invoice = { ...invoice, amountPaid, status: amountPaid === invoice.total ? "paid" : "open" };
  const oweDelta = invoice.amountPaid - amountPaid;
  next = { ...next, due: addTo(next.due, currency, oweDelta) };
  return { summary: { ...next, recent: withRecent(next.recent, "invoices", updated, false) }, invoice: updated };
}

/**
 * The latest records of a kind after a write: a record already shown is
 * replaced; a new one goes in by id (ids sort by creation time) unless
 * `insert` is false, for updates of records too old to be shown.
 */
function withRecent<K extends BillingKind>(
  recent: RecentRecords,
  kind: K,
  record: RecentRecords[K][number],
  insert = true,
): RecentRecords {
  const list = recent[kind] as { id: string }[];
  const present = list.some((r) => r.id === record.id);
  if (!present && !insert) return recent;
  const next = [...list.filter((r) => r.id !== record.id), record]
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, RECENT_LIMIT);
  return { ...recent, [kind]: next };
}

/**
 * The currency a service renews in: the one its order named, else the
 * client's preferred currency at renewal time. So changing a client's
 * currency moves the future renewals of their services that did not name
 * one, and never rewrites what was already invoiced.
 */
export function renewalCurrency(service: Pick<Service, "currency" | "currencyFromOrder">, clientCurrency: string) {
  return service.currencyFromOrder ? service.currency : clientCurrency;
}

/** One period after `from` (YYYY-MM-DD), clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function nextRenewal(from: string, period: BillingPeriod): string | null {
  const months = BILLING_PERIODS[period];
  if (months === null) return null;
  const [year, month, day] = from.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}
