import type { Service, ServiceCreate } from "../domain/billing";
import { addService, nextRenewal } from "../domain/billing-rules";
import { type FieldError, InvalidInputError } from "../errors/application-errors";
import { acceptedCurrency, billingContext, moneyAt, today } from "./billing-context";
import { writeBillingRecord } from "./billing-write";

/**
 * Records a service. An order that names a currency fixes it; otherwise the
 * service is priced in the client's preferred currency and its renewals
 * follow that preference (see `renewalCurrency`).
 */
export async function createService(
  companyId: string,
  clientId: string,
  serviceId: string,
  input: ServiceCreate,
): Promise<{ service: Service; clientCurrency: string }> {
  const { client, company } = await billingContext(companyId, clientId);
  const currency = input.currency ?? client.currency;
  const errors: FieldError[] = [];
  if (input.currency !== undefined) acceptedCurrency(company, currency, errors);
  const price = moneyAt(input.price, currency, "price", errors);
  if (input.billingPeriod === "one-time" && input.nextRenewalDate !== undefined) {
    errors.push({ path: "nextRenewalDate", message: "A one-time service does not renew." });
  }
  if (errors.length > 0) throw new InvalidInputError(errors);
  const service: Service = {
    id: serviceId,
    name: input.name,
    price,
    currency,
    currencyFromOrder: input.currency !== undefined,
    billingPeriod: input.billingPeriod,
    nextRenewalDate: input.nextRenewalDate ?? nextRenewal(today(), input.billingPeriod),
    status: input.status,
    createdAt: new Date().toISOString(),
  };
  const written = await writeBillingRecord<Service>(
    { companyId, clientId, clientCurrency: client.currency, kind: "services", recordId: serviceId },
    async (summary) => ({ record: service, summaryAfter: addService(summary, service) }),
  );
  return { service: written, clientCurrency: client.currency };
}
