import * as z from "zod";
import type { FieldError } from "../errors/application-errors";
import { isCountry, isStateOf } from "../geo/codes";
import { passwordPolicyMessage } from "../identity/passwords";
import { CLIENT_STATUSES, type ClientStatus, MARKETING_SOURCES, type MarketingSource } from "./client-constants";
import { ID_PATTERN } from "./ids";
import { EMAIL, USERNAME } from "./input-rules";
import { currencyCode, languageTag } from "./locale";
import { onFirstUse } from "./on-first-use";
import { type Phone, phoneInputSchema } from "./phone";
import { vatFormatError } from "./vat";

export { clientSchema } from "./client-answer";
export { publicClient } from "./public-client";
export { CLIENT_STATUSES, type ClientStatus, MARKETING_SOURCES, type MarketingSource };

export interface MarketingConsent {
  optIn: boolean;
  changedAt: string;
  source: MarketingSource;
}

export type CustomFieldValue = string | boolean;

/** The client's own fields as the create body names them, in the order the API lists them (custom fields and consent apart). */
export const CLIENT_FIELDS = [
  "firstName",
  "lastName",
  "company",
  "title",
  "address1",
  "address2",
  "city",
  "country",
  "state",
  "zip",
  "email",
  "phones",
  "taxExempt",
  "taxId",
  "currency",
  "username",
  "language",
  "groupId",
] as const;

export interface Client {
  id: string;
  number: number;
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
  phones: Phone[];
  defaultFax: string | null;
  taxExempt: boolean;
  taxId: string | null;
  currency: string;
  username: string;
  /** The username follows the email until one is specified. */
  usernameIsEmail: boolean;
  language: string;
  groupId: string;
  status: ClientStatus;
  marketing: MarketingConsent;
  customFields: Record<string, CustomFieldValue>;
  /** Whether the client followed the link sent to the current address; absent on clients older than it reads as false. */
  emailVerified?: boolean;
  emailVerifiedAt?: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** When the client's personal data was erased (GDPR); such a client takes no more edits. */
  anonymisedAt?: string;
}

/**
 * The create and patch schemas, built on first use (lib/domain/on-first-use.ts): a request that shows a client
 * parses neither, and building them (with their country, VAT and phone checks) cost every cold start.
 */
const clientInputSchemas = onFirstUse(() => {
  const text = (max: number) => z.string().trim().max(max);
  const optionalText = (max: number) => text(max).nullable().optional();

  const usernameSchema = z
    .string()
    .trim()
    .min(USERNAME.minLength)
    .max(USERNAME.maxLength)
    .regex(USERNAME.pattern, USERNAME.message);

  const contactFields = {
    firstName: text(100).min(1),
    lastName: text(100).min(1),
    company: optionalText(200),
    title: optionalText(100),
    address1: optionalText(200),
    address2: optionalText(200),
    city: optionalText(100),
    country: z.string().trim().toUpperCase().refine(isCountry, "Use an ISO 3166-1 alpha-2 country code such as GB."),
    state: z.string().trim().toUpperCase().max(10).nullable().optional(),
    zip: optionalText(20),
    email: z.email({ pattern: EMAIL.pattern, error: "Not a valid email address." }).max(EMAIL.maxLength),
    phones: z.array(phoneInputSchema()).max(20).optional(),
  };

  const customFieldsSchema = z.record(
    z.string().regex(ID_PATTERN, "Not a field id."),
    z.union([z.string().max(10_000), z.boolean()]),
  );

  const create = z
    .strictObject({
      ...contactFields,
      taxExempt: z.boolean().optional(),
      taxId: optionalText(32),
      currency: currencyCode().optional(),
      username: usernameSchema.optional(),
      password: z.string().max(256).optional(),
      generatePassword: z.boolean().optional(),
      language: languageTag().optional(),
      groupId: z.string().regex(ID_PATTERN, "Not a group id.").optional(),
      sendRegistrationEmail: z.boolean().default(false),
      marketingOptIn: z.boolean().default(false),
      customFields: customFieldsSchema.optional(),
    })
    .superRefine(checkPasswordChoice)
    .meta({ id: "ClientCreate" });

  const patch = z
    .strictObject({
      ...contactFields,
      taxExempt: z.boolean(),
      taxId: optionalText(32),
      currency: currencyCode(),
      username: usernameSchema,
      language: languageTag(),
      groupId: z.string().regex(ID_PATTERN, "Not a group id."),
      marketingOptIn: z.boolean(),
      customFields: customFieldsSchema,
    })
    .partial()
    .meta({ id: "ClientPatch" });

  return { create, patch };
});

export const clientCreateSchema = () => clientInputSchemas().create;
export type ClientCreate = z.output<ReturnType<typeof clientCreateSchema>>;

export const clientPatchSchema = () => clientInputSchemas().patch;
export type ClientPatch = z.output<ReturnType<typeof clientPatchSchema>>;

/** Exactly one of a password (meeting the policy) and `generatePassword: true`; shared with the signup body. */
export function checkPasswordChoice(
  body: { password?: string; generatePassword?: boolean },
  ctx: z.RefinementCtx,
): void {
  const hasPassword = body.password !== undefined;
  const generate = body.generatePassword === true;
  if (hasPassword === generate) {
    ctx.addIssue({
      code: "custom",
      path: hasPassword ? ["generatePassword"] : ["password"],
      message: "Send exactly one of `password` and `generatePassword: true`.",
    });
  } else if (hasPassword) {
    const problem = passwordPolicyMessage(body.password!);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  }
}

/** Rules across fields, checked on the client as it would be stored. */
export function clientRuleErrors(client: Pick<Client, "country" | "state" | "taxId">): FieldError[] {
  const errors: FieldError[] = [];
  if (client.state && !isStateOf(client.country, client.state)) {
    errors.push({
      path: "state",
      message: `Not an ISO 3166-2 subdivision of ${client.country}; see /v1/countries/${client.country}/states.`,
    });
  }
  if (client.taxId) {
    const vat = vatFormatError(client.taxId, client.country);
    if (vat) errors.push({ path: "taxId", message: vat });
  }
  return errors;
}
