import type { BillingKind, Invoice, Service, Transaction } from "../domain/billing-records";
import { renewalCurrency } from "../domain/billing-rules";
import { formatMoney } from "../domain/money";
import type { BillingRecord } from "../store/billing-repository";

/** The records as the API shows them: amounts as decimal strings in their own currency. */
export function invoiceView(invoice: Invoice) {
  const money = (minor: bigint) => formatMoney(minor, invoice.currency);
  return {
    id: invoice.id,
    number: invoice.number,
    currency: invoice.currency,
    status: invoice.status,
    date: invoice.date,
    dueDate: invoice.dueDate,
    lines: invoice.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitPrice: money(line.unitPrice),
      amount: money(line.amount),
    })),
    taxRate: invoice.taxRate,
    subtotal: money(invoice.subtotal),
    tax: money(invoice.tax),
    total: money(invoice.total),
    amountPaid: money(invoice.amountPaid),
    amountDue: money(invoice.status === "open" ? invoice.total - invoice.amountPaid : 0n),
    createdAt: invoice.createdAt,
  };
}

export function transactionView(transaction: Transaction) {
  return {
    id: transaction.id,
    type: transaction.type,
    currency: transaction.currency,
    amount: formatMoney(transaction.amount, transaction.currency),
    invoiceId: transaction.invoiceId,
    date: transaction.date,
    reference: transaction.reference,
    createdAt: transaction.createdAt,
  };
}

/** A service, with the currency its next renewal will be in given the client's preferred currency now. */
export function serviceView(service: Service, clientCurrency: string) {
  return {
    id: service.id,
    name: service.name,
    price: formatMoney(service.price, service.currency),
    currency: service.currency,
    currencyFromOrder: service.currencyFromOrder,
    renewalCurrency: renewalCurrency(service, clientCurrency),
    billingPeriod: service.billingPeriod,
    nextRenewalDate: service.nextRenewalDate,
    status: service.status,
    createdAt: service.createdAt,
  };
}

/** Any record of a kind, as the API shows it. */
export function recordView(kind: BillingKind, record: BillingRecord, clientCurrency: string) {
  if (kind === "invoices") return invoiceView(record as Invoice);
  if (kind === "transactions") return transactionView(record as Transaction);
  return serviceView(record as Service, clientCurrency);
}
