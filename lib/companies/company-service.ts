import { forgetCompanyMfaSetting } from "../access/staff-access";
import type { Company, CompanyPatch } from "../domain/company";
import { companyRuleErrors, companySchema } from "../domain/company";
import { inSchemaOrder } from "../domain/field-order";
import { assertVersion } from "../domain/version";
import { InvalidInputError, NotFoundError, StaleVersionError } from "../errors/application-errors";
import { getCompany, replaceCompany } from "../store/company-repository";

export async function loadCompany(companyId: string): Promise<Company> {
  const company = await getCompany(companyId);
  if (!company) throw new NotFoundError("The company does not exist.");
  return inSchemaOrder(companySchema(), { ...company, requireStaffMfa: company.requireStaffMfa === true });
}

/** Applies a partial change; `expected` is the If-Match version. Without it a lost race is retried on the fresh state. */
export async function updateCompany(companyId: string, patch: CompanyPatch, expected?: number): Promise<Company> {
  for (let attempt = 0; ; attempt++) {
    const current = await loadCompany(companyId);
    assertVersion(expected, current.version);
    const next: Company = {
      ...current,
      ...patch,
      currencies: patch.currencies ? [...new Set(patch.currencies)] : current.currencies,
      languages: patch.languages ? [...new Set(patch.languages)] : current.languages,
      updatedAt: new Date().toISOString(),
      version: current.version + 1,
    };
    const errors = companyRuleErrors(next);
    if (errors.length > 0) throw new InvalidInputError(errors);
    if (await replaceCompany(next, current.version)) {
      forgetCompanyMfaSetting(companyId);
      return next;
    }
    const latest = await loadCompany(companyId);
    if (latest.version === current.version) {
      throw new InvalidInputError([{ path: "signupGroupId", message: "No client group has this id." }]);
    }
    if (expected !== undefined || attempt >= 2) {
      throw new StaleVersionError("The company changed while you were editing it. Read it again and retry.");
    }
  }
}
