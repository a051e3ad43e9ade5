import * as z from "zod";
import {
  BILLING_PERIODS,
  type BillingPeriod,
  INVOICE_STATUSES,
  SERVICE_STATUSES,
  TRANSACTION_TYPES,
} from "./billing-records";
import { currencyCode } from "./locale";
import { decimalString } from "./money";
import { onFirstUse } from "./on-first-use";

export * from "./billing-records";
export { taxRateSchema } from "./tax-rate";

const billingPeriodNames = Object.keys(BILLING_PERIODS) as [BillingPeriod, ...BillingPeriod[]];

const isoDate = onFirstUse(() => z.iso.date("Use a date such as 2025-01-31."));
const idRef = onFirstUse(() => z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Not an id."));

const quantitySchema = onFirstUse(() =>
  z
    .union([z.number().int().min(1).max(1_000_000).transform(String), z.string().regex(/^\d{1,7}(\.\d{1,4})?$/)])
    .refine((q) => /[1-9]/.test(q), "The quantity must be more than 0."),
);

export const invoiceCreateSchema = onFirstUse(() =>
  z
    .strictObject({
      currency: currencyCode().optional(),
      status: z.enum(["draft", "open"]).default("open"),
      date: isoDate().optional(),
      dueDate: isoDate().optional(),
      lines: z
        .array(
          z.strictObject({
            description: z.string().trim().min(1).max(200),
            quantity: quantitySchema().default("1"),
            unitPrice: decimalString(),
          }),
        )
        .min(1)
        .max(50),
    })
    .meta({ id: "InvoiceCreate" }),
);
export type InvoiceCreate = z.output<ReturnType<typeof invoiceCreateSchema>>;

export const transactionCreateSchema = onFirstUse(() =>
  z
    .strictObject({
      type: z.enum(TRANSACTION_TYPES),
      amount: decimalString().refine((a) => /[1-9]/.test(a), "The amount must be more than 0."),
      currency: currencyCode().optional(),
      invoiceId: idRef().optional(),
      date: isoDate().optional(),
      reference: z.string().trim().min(1).max(200).optional(),
    })
    .meta({ id: "TransactionCreate" }),
);
export type TransactionCreate = z.output<ReturnType<typeof transactionCreateSchema>>;

export const serviceCreateSchema = onFirstUse(() =>
  z
    .strictObject({
      name: z.string().trim().min(1).max(200),
      price: decimalString(),
      currency: currencyCode().optional(),
      billingPeriod: z.enum(billingPeriodNames),
      nextRenewalDate: isoDate().optional(),
      status: z.enum(SERVICE_STATUSES).default("active"),
    })
    .meta({ id: "ServiceCreate" }),
);
export type ServiceCreate = z.output<ReturnType<typeof serviceCreateSchema>>;

const money = onFirstUse(() =>
  z.string().meta({ description: "A decimal string in the record's currency, e.g. `12.50`." }),
);

export const invoiceSchema = onFirstUse(() =>
  z
    .object({
      id: z.string(),
      number: z.number().int(),
      currency: z.string(),
      status: z.enum(INVOICE_STATUSES),
      date: z.string(),
      dueDate: z.string(),
      lines: z.array(z.object({ description: z.string(), quantity: z.string(), unitPrice: money(), amount: money() })),
      taxRate: z.string(),
      subtotal: money(),
      tax: money(),
      total: money(),
      amountPaid: money(),
      amountDue: money(),
      createdAt: z.string(),
    })
    .meta({ id: "Invoice" }),
);

export const transactionSchema = onFirstUse(() =>
  z
    .object({
      id: z.string(),
      type: z.enum(TRANSACTION_TYPES),
      currency: z.string(),
      amount: money(),
      invoiceId: z.string().nullable(),
      date: z.string(),
      reference: z.string().nullable(),
      createdAt: z.string(),
    })
    .meta({ id: "Transaction" }),
);

export const serviceSchema = onFirstUse(() =>
  z
    .object({
      id: z.string(),
      name: z.string(),
      price: money(),
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
    .meta({ id: "Service" }),
);
