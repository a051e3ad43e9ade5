/**
 * What the signup page reads from the API. Declared here rather than imported
 * from lib/signup, whose schemas pull in zod and Node; test/unit/pages.test.ts
 * checks that the server's types still fit these.
 */

export interface SignupField {
  id: string;
  name: string;
  type: "text" | "textarea" | "checkbox" | "select";
  options: string[];
  required: boolean;
  regex: string | null;
  default: string | boolean | null;
}

export interface SignupConfig {
  companyName: string;
  signupOpen: boolean;
  currencies: string[];
  defaultCurrency: string;
  languages: string[];
  defaultLanguage: string;
  passwordMinimumLength: number;
  signInUrl: string;
  customFields: SignupField[];
}

/** A country or a state: its ISO 3166 code and English name. */
export interface Place {
  code: string;
  name: string;
}

export interface SignupResult {
  username: string;
  generatedPassword?: string;
}
