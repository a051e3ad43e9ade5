import { loadCompany } from "../companies/company-service";
import type { Company } from "../domain/company";
import { type CustomField, preparePatterns } from "../domain/custom-field";
import { type FieldError, InvalidInputError } from "../errors/application-errors";
import { loadGroup } from "../groups/group-service";
import { listCompanyFields } from "../store/custom-field-repository";
import { listGroups, type StoredGroup } from "../store/group-repository";

/** What a client's settings are checked against: the company, the client's group and that group's fields. */
export interface ClientContext {
  company: Company;
  group: StoredGroup;
  fields: CustomField[];
}

/** Loads the context for a group (the company's default group when none is named); 422 on `groupId` when unknown. */
export async function clientContext(companyId: string, groupId: string | undefined): Promise<ClientContext> {
  const [company, fields] = await Promise.all([loadCompany(companyId), listCompanyFields(companyId)]);
  let group: StoredGroup | undefined;
  if (groupId) {
    group = await loadGroup(companyId, groupId).catch(() => undefined);
    if (!group) throw new InvalidInputError([{ path: "groupId", message: "No client group has this id." }]);
  } else {
    group = (await listGroups(companyId)).find((g) => g.isDefault);
    if (!group) throw new Error(`company ${companyId} has no default group`);
  }
  const groupFields = fields.filter((f) => f.groupId === group.id);
  // Values are checked against the fields' patterns synchronously (resolveCustomFieldValues).
  await preparePatterns(groupFields);
  return { company, group, fields: groupFields };
}

/** The currency and language a client gets: as given, else the group's default, else the company's; each must be offered. */
export function resolveLocale(
  { company, group }: ClientContext,
  given: { currency?: string; language?: string },
): { currency: string; language: string; errors: FieldError[] } {
  const currency = given.currency ?? group.settings.defaultCurrency ?? company.defaultCurrency;
  const language = given.language ?? group.settings.defaultLanguage ?? company.defaultLanguage;
  const errors: FieldError[] = [];
  if (!company.currencies.includes(currency)) {
    errors.push({ path: "currency", message: `The company accepts ${company.currencies.join(", ")}.` });
  }
  if (!company.languages.includes(language)) {
    errors.push({ path: "language", message: `The company offers ${company.languages.join(", ")}.` });
  }
  return { currency, language, errors };
}
