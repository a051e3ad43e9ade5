import type { Company } from "../domain/company";
import { TEMPLATE_IDS } from "../domain/email-template";
import { type ClientGroup, GENERAL_GROUP_NAME } from "../domain/group";
import { newId } from "../domain/ids";
import { DEFAULT_TEMPLATES } from "../mail/default-templates";
import { getCompany, insertCompany } from "../store/company-repository";
import { putTemplate } from "../store/template-repository";

export interface NewCompany {
  id?: string;
  name: string;
  defaultCurrency?: string;
  defaultLanguage?: string;
}

/**
 * Creates a company with its "General" group and English templates. Idempotent
 * for a given id: a second call returns the existing company untouched.
 */
export async function createCompany(input: NewCompany): Promise<Company> {
  const id = input.id ?? newId("co");
  const existing = await getCompany(id);
  if (existing) return existing;
  const now = new Date().toISOString();
  const general: ClientGroup = {
    id: newId("grp"),
    name: GENERAL_GROUP_NAME,
    description: "Every client belongs here unless placed in another group.",
    color: "#6b7280",
    settings: { taxExemptByDefault: false, allowSignup: true },
    isDefault: true,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const currency = input.defaultCurrency ?? "USD";
  const language = input.defaultLanguage ?? "en";
  const company: Company = {
    id,
    name: input.name,
    defaultCurrency: currency,
    currencies: [currency],
    defaultLanguage: language,
    languages: [language],
    clientNumberStart: 1500,
    signupGroupId: general.id,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  // Templates first: a crash between the two writes leaves only templates, and the retry completes.
  for (const templateId of TEMPLATE_IDS) {
    await putTemplate(id, { templateId, language: "en", ...DEFAULT_TEMPLATES[templateId], updatedAt: now }, true);
  }
  if (!(await insertCompany(company, general))) return (await getCompany(id))!;
  return company;
}
