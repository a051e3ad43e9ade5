import { loadLiveClient } from "../clients/get-client";
import { loadCompany } from "../companies/company-service";
import type { Company } from "../domain/company";
import { MoneyFormatError, parseMoney } from "../domain/money";
import type { FieldError } from "../errors/application-errors";
import type { StoredClient } from "../store/client-repository";

export interface BillingContext {
  client: StoredClient;
  company: Company;
}

/** The live client (404 otherwise, also for another company's) and its company. */
export async function billingContext(companyId: string, clientId: string): Promise<BillingContext> {
  const [client, company] = await Promise.all([loadLiveClient(companyId, clientId), loadCompany(companyId)]);
  return { client, company };
}

export const today = () => new Date().toISOString().slice(0, 10);

/** A decimal amount in minor units of `currency`, or a field error at `path`. */
export function moneyAt(text: string, currency: string, path: string, errors: FieldError[]): bigint {
  try {
    return parseMoney(text, currency);
  } catch (error) {
    if (!(error instanceof MoneyFormatError)) throw error;
    errors.push({ path, message: error.message });
    return 0n;
  }
}

/** A currency the company accepts, or a field error. */
export function acceptedCurrency(company: Company, currency: string, errors: FieldError[]): void {
  if (!company.currencies.includes(currency)) {
    errors.push({ path: "currency", message: `The company accepts ${company.currencies.join(", ")}.` });
  }
}
