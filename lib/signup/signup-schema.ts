import * as z from "zod";
import { checkPasswordChoice, clientCreateSchema } from "../domain/client";
import { CUSTOM_FIELD_TYPES } from "../domain/custom-field";
import { onFirstUse } from "../domain/on-first-use";

// Each schema is built on first use (lib/domain/on-first-use.ts): the signup function's most common request,
// its form's configuration, parses none of them.

export const signupBodySchema = onFirstUse(() => {
  // The public chooses neither its group nor its tax exemption: those stay with staff.
  const {
    groupId: _groupId,
    taxExempt: _taxExempt,
    sendRegistrationEmail: _send,
    ...createFields
  } = clientCreateSchema().shape;

  return z
    .strictObject({
      ...createFields,
      sendRegistrationEmail: z
        .literal(true, { error: "A signup always sends the registration email; leave this out." })
        .optional(),
      // No length limit of its own (the body is capped): a 422 on this field would tell a bot it matters.
      website: z.string().optional().meta({
        description: "Honeypot: people leave it empty. A filled one gets a success-shaped answer and no account.",
      }),
      formStartedAt: z
        .number()
        .int()
        .nonnegative()
        .optional()
        .meta({ description: "When the form was opened (epoch ms); one sent within 3 s creates nothing." }),
    })
    .superRefine(checkPasswordChoice)
    .meta({ id: "SignupCreate" });
});

export type SignupBody = z.output<ReturnType<typeof signupBodySchema>>;

export const signupResultSchema = onFirstUse(() =>
  z
    .object({ clientId: z.string(), username: z.string(), generatedPassword: z.string().optional() })
    .meta({ id: "SignupResult" }),
);

export type SignupResult = z.output<ReturnType<typeof signupResultSchema>>;

/** What the public sees of a custom field: no internal flags. */
export const signupFieldSchema = onFirstUse(() =>
  z
    .object({
      id: z.string(),
      name: z.string(),
      type: z.enum(CUSTOM_FIELD_TYPES),
      options: z.array(z.string()),
      required: z.boolean(),
      regex: z.string().nullable(),
      default: z.union([z.string(), z.boolean()]).nullable(),
    })
    .meta({ id: "SignupField" }),
);

export const signupConfigSchema = onFirstUse(() =>
  z
    .object({
      companyId: z.string(),
      companyName: z.string(),
      signupOpen: z.boolean(),
      groupId: z.string(),
      currencies: z.array(z.string()),
      defaultCurrency: z.string(),
      languages: z.array(z.string()),
      defaultLanguage: z.string(),
      passwordMinimumLength: z.number().int(),
      minimumFillSeconds: z.number().int(),
      signInUrl: z.string(),
      customFields: z.array(signupFieldSchema()),
    })
    .meta({ id: "SignupConfig" }),
);

export type SignupConfig = z.output<ReturnType<typeof signupConfigSchema>>;
