import { loadCompany } from "../companies/company-service";
import { config } from "../config";
import type { Company } from "../domain/company";
import type { CustomField } from "../domain/custom-field";
import { InvalidInputError, NotFoundError } from "../errors/application-errors";
import { PASSWORD_POLICY } from "../identity/pools";
import { listCompanyFields } from "../store/custom-field-repository";
import { listGroups, type StoredGroup } from "../store/group-repository";
import { defaultCompanyId } from "../store/installation-repository";
import { MINIMUM_FILL_MS } from "./bot-check";
import type { SignupConfig } from "./signup-schema";

/** The company a signup goes to, its signup group and the custom fields its clients see. */
export interface SignupContext {
  company: Company;
  /** Null when the company names a group that no longer exists: signup is then closed. */
  group: StoredGroup | null;
  visibleFields: CustomField[];
}

/** The named company (multi-company installations), else the installation's default one; 404 when there is none. */
export async function signupContext(companyId: string | undefined): Promise<SignupContext> {
  const id = companyId ?? (await defaultCompanyId());
  if (!id) throw new NotFoundError("This installation has no company yet.");
  // The company's groups are read whole (tens of them, lib/store/README.md) beside the company, rather than
  // its signup group after it: one round trip less on every signup page.
  const [company, groups, fields] = await Promise.all([loadCompany(id), listGroups(id), listCompanyFields(id)]);
  const group = groups.find((g) => g.id === company.signupGroupId) ?? null;
  const visibleFields = group ? fields.filter((f) => f.groupId === group.id && f.visibleToClient) : [];
  return { company, group, visibleFields };
}

export function isSignupOpen(context: SignupContext): context is SignupContext & { group: StoredGroup } {
  return context.group?.settings.allowSignup === true;
}

/** 422 while the company's signup group does not allow signups. */
export async function openSignupContext(companyId: string | undefined) {
  const context = await signupContext(companyId);
  if (!isSignupOpen(context)) {
    throw new InvalidInputError([], "This company does not take signups at the moment.", "signup-closed");
  }
  return context;
}

export function signupConfig(context: SignupContext): SignupConfig {
  const { company, group } = context;
  return {
    companyId: company.id,
    companyName: company.name,
    signupOpen: isSignupOpen(context),
    groupId: company.signupGroupId,
    currencies: company.currencies,
    defaultCurrency: group?.settings.defaultCurrency ?? company.defaultCurrency,
    languages: company.languages,
    defaultLanguage: group?.settings.defaultLanguage ?? company.defaultLanguage,
    passwordMinimumLength: PASSWORD_POLICY.minimumLength,
    minimumFillSeconds: MINIMUM_FILL_MS / 1000,
    signInUrl: config().signInUrl,
    customFields: context.visibleFields.map(({ id, name, type, options, required, regex, default: value }) => ({
      id,
      name,
      type,
      options,
      required,
      regex,
      default: value,
    })),
  };
}
