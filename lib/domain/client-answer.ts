import * as z from "zod";
import { CLIENT_STATUSES, MARKETING_SOURCES } from "./client-constants";
import { onFirstUse } from "./on-first-use";

// The client as the API answers it, apart from the create and patch schemas of lib/domain/client.ts: a route
// that only shows a client (the billing profile) then bundles none of their checks (country and subdivision
// codes, VAT numbers, phone numbers) and builds none of their schemas at cold start.

/** Built on first use: the OpenAPI document reads it, the answers follow its order from lib/domain/public-client.ts. */
export const clientSchema = onFirstUse(() => {
  const phoneOut = z.object({
    type: z.enum(["phone", "fax"]),
    location: z.enum(["home", "work"]),
    number: z.string(),
    e164: z.string().nullable(),
  });

  return z
    .object({
      id: z.string(),
      number: z.number().int(),
      firstName: z.string(),
      lastName: z.string(),
      company: z.string().nullable(),
      title: z.string().nullable(),
      address1: z.string().nullable(),
      address2: z.string().nullable(),
      city: z.string().nullable(),
      country: z.string(),
      state: z.string().nullable(),
      zip: z.string().nullable(),
      email: z.string(),
      phones: z.array(phoneOut),
      defaultFax: z.string().nullable(),
      taxExempt: z.boolean(),
      taxId: z.string().nullable(),
      currency: z.string(),
      username: z.string(),
      language: z.string(),
      groupId: z.string(),
      status: z.enum(CLIENT_STATUSES),
      marketing: z.object({ optIn: z.boolean(), changedAt: z.string(), source: z.enum(MARKETING_SOURCES) }),
      customFields: z.record(z.string(), z.union([z.string(), z.boolean()])),
      emailVerified: z.boolean().meta({
        description:
          "The client followed the verification link sent to the current `email`; a new address is unverified.",
      }),
      emailVerifiedAt: z.string().nullable().meta({ description: "When the current address was verified." }),
      createdAt: z.string(),
      updatedAt: z.string(),
      version: z.number().int(),
      anonymisedAt: z
        .string()
        .optional()
        .meta({ description: "Set when the client's personal data was erased; such a client answers 409 to edits" }),
      generatedPassword: z.string().optional(),
    })
    .meta({ id: "Client" });
});
