/**
 * What the account page reads from the API, declared here rather than imported
 * from lib/ (zod, Node); test/unit/pages.test.ts checks that the server's types
 * still fit these.
 */
import type { CustomFieldSpec, CustomFieldValue } from "../shared/custom-fields";
import type { PhoneValue } from "../shared/phones";

/** GET /v1/me: the parts the page shows and edits. */
export interface OwnAccount {
  username: string;
  firstName: string;
  lastName: string;
  company: string | null;
  title: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  country: string;
  state: string | null;
  zip: string | null;
  email: string;
  phones: PhoneValue[];
  language: string;
  marketing: { optIn: boolean };
  customFields: Record<string, CustomFieldValue>;
  /** Always sent by the API; absent reads as not verified. */
  emailVerified?: boolean;
}

export interface AccountField extends CustomFieldSpec {
  editable: boolean;
}

/** GET /v1/me/form. */
export interface AccountForm {
  companyName: string;
  languages: string[];
  passwordMinimumLength: number;
  customFields: AccountField[];
}
