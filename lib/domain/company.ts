import * as z from "zod";
import { currencyCode, languageTag } from "./locale";
import { onFirstUse } from "./on-first-use";
import { taxRateSchema } from "./tax-rate";

export interface Company {
  id: string;
  name: string;
  defaultCurrency: string;
  currencies: string[];
  defaultLanguage: string;
  languages: string[];
  clientNumberStart: number;
  signupGroupId: string;
  /** Percentage applied to invoices (decimal string); a group may override it. Absent means no tax. */
  taxRate?: string;
  /** Staff without MFA may only set it up (and see their own profile) until they have. */
  requireStaffMfa?: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const companySchema = onFirstUse(() =>
  z
    .object({
      id: z.string(),
      name: z.string(),
      defaultCurrency: z.string(),
      currencies: z.array(z.string()),
      defaultLanguage: z.string(),
      languages: z.array(z.string()),
      clientNumberStart: z.number().int(),
      signupGroupId: z.string(),
      taxRate: z.string().optional(),
      requireStaffMfa: z
        .boolean()
        .meta({ description: "Staff must set up MFA before anything else (403 `mfa-required`)" }),
      createdAt: z.string(),
      updatedAt: z.string(),
      version: z.number().int(),
    })
    .meta({ id: "Company" }),
);

export const companyPatchSchema = onFirstUse(() =>
  z
    .strictObject({
      name: z.string().trim().min(1).max(200),
      defaultCurrency: currencyCode(),
      currencies: z.array(currencyCode()).min(1).max(50),
      defaultLanguage: languageTag(),
      languages: z.array(languageTag()).min(1).max(50),
      clientNumberStart: z.number().int().min(1).max(1_000_000_000),
      signupGroupId: z.string().min(1).max(64),
      taxRate: taxRateSchema(),
      requireStaffMfa: z.boolean(),
    })
    .partial()
    .meta({ id: "CompanyPatch" }),
);

export type CompanyPatch = z.output<ReturnType<typeof companyPatchSchema>>;

/** The rules a company's settings must keep after any change; returns field errors. */
export function companyRuleErrors(
  company: Pick<Company, "defaultCurrency" | "currencies" | "defaultLanguage" | "languages">,
) {
  const errors: { path: string; message: string }[] = [];
  if (!company.currencies.includes(company.defaultCurrency)) {
    errors.push({ path: "defaultCurrency", message: "The default currency must be one of `currencies`." });
  }
  if (!company.languages.includes(company.defaultLanguage)) {
    errors.push({ path: "defaultLanguage", message: "The default language must be one of `languages`." });
  }
  return errors;
}
