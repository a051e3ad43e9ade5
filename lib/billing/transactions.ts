import type { Invoice, Transaction, TransactionCreate } from "../domain/billing";
import { applyTransaction } from "../domain/billing-rules";
import { type FieldError, InvalidInputError } from "../errors/application-errors";
import { getBillingRecord } from "../store/billing-repository";
import { acceptedCurrency, billingContext, moneyAt, today } from "./billing-context";
import { writeBillingRecord } from "./billing-write";

/**
 * Records a payment, credit or refund, applied to one of the client's
 * invoices or held as credit. The invoice and the totals are re-read on every
 * attempt, so racing payments cannot together pay an invoice past its total.
 */
export async function createTransaction(
  companyId: string,
  clientId: string,
  transactionId: string,
  input: TransactionCreate,
): Promise<Transaction> {
  const { client, company } = await billingContext(companyId, clientId);
  const createdAt = new Date().toISOString();
  return writeBillingRecord<Transaction>(
    { companyId, clientId, clientCurrency: client.currency, kind: "transactions", recordId: transactionId },
    async (summary) => {
      const invoice = input.invoiceId
        ? ((await getBillingRecord(companyId, clientId, "invoices", input.invoiceId)) as Invoice | null)
        : null;
      const errors: FieldError[] = [];
      if (input.invoiceId && !invoice) {
        errors.push({ path: "invoiceId", message: "This client has no invoice with this id." });
      }
      const currency = input.currency ?? invoice?.currency ?? client.currency;
      if (invoice && currency !== invoice.currency) {
        errors.push({ path: "currency", message: `The invoice is in ${invoice.currency}.` });
      } else if (!invoice && input.currency !== undefined) {
        acceptedCurrency(company, currency, errors);
      }
      const amount = moneyAt(input.amount, currency, "amount", errors);
      if (errors.length > 0) throw new InvalidInputError(errors);
      const transaction: Transaction = {
        id: transactionId,
        type: input.type,
        currency,
        amount,
        invoiceId: invoice?.id ?? null,
        date: input.date ?? today(),
        reference: input.reference ?? null,
        createdAt,
      };
      const applied = applyTransaction(summary, transaction, invoice);
      return {
        record: transaction,
        summaryAfter: applied.summary,
        ...(invoice && applied.invoice ? { invoice: { before: invoice, after: applied.invoice } } : {}),
      };
    },
  );
}
