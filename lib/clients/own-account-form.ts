import * as z from "zod";
import { loadCompany } from "../companies/company-service";
import { onFirstUse } from "../domain/on-first-use";
import { PASSWORD_POLICY } from "../identity/pools";
import { signupFieldSchema } from "../signup/signup-schema";
import { loadLiveClient } from "./get-client";
import { editableByClient, fieldsOfClientGroup, shownToClient } from "./own-account";

/** Built on first use (lib/domain/on-first-use.ts): only the OpenAPI document reads it. */
export const ownAccountFormSchema = onFirstUse(() =>
  z
    .object({
      companyName: z.string(),
      languages: z.array(z.string()),
      passwordMinimumLength: z.number().int(),
      customFields: z.array(
        signupFieldSchema()
          .extend({ editable: z.boolean().meta({ description: "Whether `PATCH /v1/me` may change it" }) })
          .meta({ id: "OwnAccountField" }),
      ),
    })
    .meta({ id: "OwnAccountForm" }),
);

export type OwnAccountForm = z.output<ReturnType<typeof ownAccountFormSchema>>;

/**
 * What the account page needs beside the client itself: the custom fields of
 * the client's own group that the client sees (the ones `GET /v1/me` returns),
 * and which of them `PATCH /v1/me` lets them change.
 */
export async function getOwnAccountForm(companyId: string, clientId: string): Promise<OwnAccountForm> {
  const client = await loadLiveClient(companyId, clientId);
  const [company, fields] = await Promise.all([loadCompany(companyId), fieldsOfClientGroup(companyId, client.groupId)]);
  return {
    companyName: company.name,
    languages: company.languages,
    passwordMinimumLength: PASSWORD_POLICY.minimumLength,
    customFields: fields.filter(shownToClient).map((field) => ({
      id: field.id,
      name: field.name,
      type: field.type,
      options: field.options,
      required: field.required,
      regex: field.regex,
      default: field.default,
      editable: editableByClient(field),
    })),
  };
}
