/**
 * What the signup page reads from the API. Declared here rather than imported
 * from lib/signup, whose schemas pull in zod and Node; test/unit/pages.test.ts
 * checks that the server's types still fit these.
 */
import type { CustomFieldSpec } from "../shared/custom-fields";

export interface SignupConfig {
  companyName: string;
  signupOpen: boolean;
  currencies: string[];
  defaultCurrency: string;
  languages: string[];
  defaultLanguage: string;
  passwordMinimumLength: number;
  signInUrl: string;
  customFields: CustomFieldSpec[];
}

export interface SignupResult {
  username: string;
  generatedPassword?: string;
}
