import * as z from "zod";
import { currencyCode } from "./locale";
import { decimalString, type Minor, type MoneyByCurrency } from "./money";

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
const billingPeriodNames = Object.keys(BILLING_PERIODS) as [BillingPeriod, ...BillingPeriod[]];

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

const isoDate = z.iso.date("Use a date such as 2025-01-31.");
const idRef = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Not an id.");

/** A tax rate as a percentage from 0 to 100 with up to 4 decimals, e.g. `"20"` or `"7.25"`. */
export const taxRateSchema = z
  .string()
  .regex(/^(100(\.0{1,4})?|\d{1,2}(\.\d{1,4})?)$/, "Use a percentage from 0 to 100 such as 20 or 7.25.");

const quantitySchema = z
  .union([z.number().int().min(1).max(1_000_000).transform(String), z.string().regex(/^\d{1,7}(\.\d{1,4})?$/)])
  .refine((q) => /[1-9]/.test(q), "The quantity must be more than 0.");

export const invoiceCreateSchema = z
  .strictObject({
    currency: currencyCode.optional(),
    status: z.enum(["draft", "open"]).default("open"),
    date: isoDate.optional(),
    dueDate: isoDate.optional(),
    lines: z
      .array(
        z.strictObject({
          description: z.string().trim().min(1).max(200),
          quantity: quantitySchema.default("1"),
          unitPrice: decimalString,
        }),
      )
      .min(1)
      .max(50),
  })
  .meta({ id: "InvoiceCreate" });
export type InvoiceCreate = z.output<typeof invoiceCreateSchema>;

export const transactionCreateSchema = z
  .strictObject({
    type: z.enum(TRANSACTION_TYPES),
    amount: decimalString.refine((a) => /[1-9]/.test(a), "The amount must be more than 0."),
    currency: currencyCode.optional(),
    invoiceId: idRef.optional(),
    date: isoDate.optional(),
    reference: z.string().trim().min(1).max(200).optional(),
  })
  .meta({ id: "TransactionCreate" });
export type TransactionCreate = z.output<typeof transactionCreateSchema>;

export const serviceCreateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    price: decimalString,
    currency: currencyCode.optional(),
    billingPeriod: z.enum(billingPeriodNames),
    nextRenewalDate: isoDate.optional(),
    status: z.enum(SERVICE_STATUSES).default("active"),
  })
  .meta({ id: "ServiceCreate" });
export type ServiceCreate = z.output<typeof serviceCreateSchema>;

const money = z.string().meta({ description: "A decimal string in the record's currency, e.g. `12.50`." });

export const invoiceSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    currency: z.string(),
    status: z.enum(INVOICE_STATUSES),
    date: z.string(),
    dueDate: z.string(),
    lines: z.array(z.object({ description: z.string(), quantity: z.string(), unitPrice: money, amount: money })),
    taxRate: z.string(),
    subtotal: money,
    tax: money,
    total: money,
    amountPaid: money,
    amountDue: money,
    createdAt: z.string(),
  })
  .meta({ id: "Invoice" });

export const transactionSchema = z
  .object({
    id: z.string(),
    type: z.enum(TRANSACTION_TYPES),
    currency: z.string(),
    amount: money,
    invoiceId: z.string().nullable(),
    date: z.string(),
    reference: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Transaction" });

export const serviceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    price: money,
    currency: z.string(),
    currencyFromOrder: z.boolean(),
    renewalCurrency: z
      .string()
      .meta({ description: "The order's currency when it named one, else the client's preferred currency now." }),
    billingPeriod: z.enum(billingPeriodNames),
    nextRenewalDate: z.string().nullable(),
    status: z.enum(SERVICE_STATUSES),
    createdAt: z.string(),
  })
  .meta({ id: "Service" });
