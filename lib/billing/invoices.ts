import type { Invoice, InvoiceCreate } from "../domain/billing";
import { addInvoice, applicableTaxRate, priceInvoice } from "../domain/billing-rules";
import { type FieldError, InvalidInputError } from "../errors/application-errors";
import { nextInvoiceNumber } from "../store/billing-repository";
import { getGroup } from "../store/group-repository";
import { acceptedCurrency, billingContext, moneyAt, today } from "./billing-context";
import { writeBillingRecord } from "./billing-write";

/**
 * Issues an invoice in the client's preferred currency unless another is
 * named, taxed at the group's or company's rate, or not at all for a
 * tax-exempt client; an open invoice adds its total to what the client owes.
 */
export async function createInvoice(
  companyId: string,
  clientId: string,
  invoiceId: string,
  input: InvoiceCreate,
): Promise<Invoice> {
  const { client, company } = await billingContext(companyId, clientId);
  const currency = input.currency ?? client.currency;
  const errors: FieldError[] = [];
  if (input.currency !== undefined) acceptedCurrency(company, currency, errors);
  const lines = input.lines.map((line, i) => ({
    description: line.description,
    quantity: line.quantity,
    unitPrice: moneyAt(line.unitPrice, currency, `lines.${i}.unitPrice`, errors),
  }));
  const date = input.date ?? today();
  const dueDate = input.dueDate ?? date;
  if (dueDate < date) errors.push({ path: "dueDate", message: "The due date cannot be before the invoice date." });
  if (errors.length > 0) throw new InvalidInputError(errors);

  // The number is taken only for a valid request, so refused ones leave no gap.
  const [group, number] = await Promise.all([getGroup(companyId, client.groupId), nextInvoiceNumber(companyId)]);
  const taxRate = applicableTaxRate(client, group?.settings.taxRate, company.taxRate);
  const priced = priceInvoice(lines, taxRate);
  const invoice: Invoice = {
    id: invoiceId,
    number,
    currency,
    // Nothing is owed on an open invoice for nothing: it is paid as issued.
    status: input.status === "open" && priced.total === 0n ? "paid" : input.status,
    date,
    dueDate,
    taxRate,
    ...priced,
    amountPaid: 0n,
    createdAt: new Date().toISOString(),
  };
  return writeBillingRecord<Invoice>(
    { companyId, clientId, clientCurrency: client.currency, kind: "invoices", recordId: invoiceId },
    async (summary) => ({
      record: invoice,
      summaryAfter: addInvoice(summary, invoice),
    }),
  );
}
