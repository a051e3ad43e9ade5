// The billing records, their kinds and statuses, apart from the request and answer schemas of
// lib/domain/billing.ts: the store, the billing rules and the client's data export need these, and importing them
// from the schemas' module built every billing schema at the cold start of each function that reads a record.
import type { Minor, MoneyByCurrency } from "./money";

/**
 * The billing records a client's profile shows: invoices, transactions and
 * services. Amounts are minor units here; the API shows them as decimal strings.
 */
export const INVOICE_STATUSES = ["draft", "open", "paid", "void"] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const TRANSACTION_TYPES = ["payment", "credit", "refund"] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export const SERVICE_STATUSES = ["pending", "active", "suspended", "cancelled"] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** How many months one billing period lasts; a one-time service never renews. */
export const BILLING_PERIODS = {
  monthly: 1,
  quarterly: 3,
  semiannually: 6,
  annually: 12,
  biennially: 24,
  triennially: 36,
  "one-time": null,
} as const;
export type BillingPeriod = keyof typeof BILLING_PERIODS;

export interface InvoiceLine {
  description: string;
  /** A positive decimal string, e.g. `"1"` or `"1.5"` (hours). */
  quantity: string;
  unitPrice: Minor;
  amount: Minor;
}

export interface Invoice {
  id: string;
  number: number;
  currency: string;
  status: InvoiceStatus;
  date: string;
  dueDate: string;
  lines: InvoiceLine[];
  /** The percentage applied, as a decimal string: `"0"` for a tax-exempt client. */
  taxRate: string;
  subtotal: Minor;
  tax: Minor;
  total: Minor;
  amountPaid: Minor;
  createdAt: string;
}

export interface Transaction {
  id: string;
  type: TransactionType;
  currency: string;
  amount: Minor;
  invoiceId: string | null;
  date: string;
  reference: string | null;
  createdAt: string;
}

export interface Service {
  id: string;
  name: string;
  price: Minor;
  /** The currency the service was ordered and priced in. */
  currency: string;
  /** True when the order named the currency; such a service keeps renewing in it. */
  currencyFromOrder: boolean;
  billingPeriod: BillingPeriod;
  nextRenewalDate: string | null;
  status: ServiceStatus;
  createdAt: string;
}

export const BILLING_KINDS = ["invoices", "transactions", "services"] as const;
export type BillingKind = (typeof BILLING_KINDS)[number];

export interface RecentRecords {
  invoices: Invoice[];
  transactions: Transaction[];
  services: Service[];
}

/**
 * The per-client running totals and the latest records of each kind, kept in
 * one item that every billing write updates (conditionally on `version`) in
 * the same transaction as the record itself.
 */
export interface BillingSummary {
  version: number;
  /** Open invoice totals minus what was applied to them. */
  due: MoneyByCurrency;
  /** Money held for the client and not applied to any invoice. */
  credits: MoneyByCurrency;
  recent: RecentRecords;
}

export const EMPTY_SUMMARY: BillingSummary = {
  version: 0,
  due: {},
  credits: {},
  recent: { invoices: [], transactions: [], services: [] },
};
