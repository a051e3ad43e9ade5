import * as z from "zod";
import { customFieldCreateSchema, customFieldPatchSchema, customFieldSchema } from "../../domain/custom-field";
import { groupCreateSchema, groupPatchSchema, groupSchema } from "../../domain/group";
import { newId } from "../../domain/ids";
import { onFirstUse } from "../../domain/on-first-use";
import { defineRoute } from "../../http/route";
import { templateBodySchema, templateIdSchema } from "../../templates/template-service";
import { errorResponses, idParam, pageOf, pageQuery } from "../common";

const groupParams = onFirstUse(() => z.object({ groupId: idParam() }));
const fieldParams = onFirstUse(() => z.object({ fieldId: idParam() }));
const staffRoute = { lambda: "settings", tag: "Client groups" } as const;

const listGroupsQuery = onFirstUse(() => z.strictObject(pageQuery()));

export const listGroups = defineRoute({
  ...staffRoute,
  operationId: "listClientGroups",
  description:
    'A page of the company\'s client groups: the default group ("General") first, then by name. Follow `nextCursor` until it is null.',
  method: "GET",
  path: "/v1/client-groups",
  access: "staff",
  summary: "The company's client groups",
  get query() {
    return listGroupsQuery();
  },
  get responses() {
    return {
      200: { description: "Groups", schema: pageOf(groupSchema(), "ClientGroupPage") },
      ...errorResponses(401, 403),
    };
  },
});

export const createGroup = defineRoute({
  ...staffRoute,
  operationId: "createClientGroup",
  description:
    "Creates a group with its defaults for new clients (currency, language, tax exemption) and whether the signup form may put clients in it. A group's default currency and language must be among the company's.",
  method: "POST",
  path: "/v1/client-groups",
  access: "admin",
  summary: "Create a client group (admin)",
  get body() {
    return groupCreateSchema();
  },
  idempotency: { reserveId: () => newId("grp") },
  get responses() {
    return { 201: { description: "Created", schema: groupSchema() }, ...errorResponses(400, 401, 403, 413, 415, 422) };
  },
});

export const getGroup = defineRoute({
  ...staffRoute,
  operationId: "getClientGroup",
  description: "One group of the caller's company, with an `ETag`. Another company's group answers 404.",
  method: "GET",
  path: "/v1/client-groups/{groupId}",
  access: "staff",
  summary: "One client group",
  get params() {
    return groupParams();
  },
  get responses() {
    return { 200: { description: "The group", schema: groupSchema() }, ...errorResponses(401, 403, 404) };
  },
});

export const patchGroup = defineRoute({
  ...staffRoute,
  operationId: "patchClientGroup",
  description:
    "Changes a group's name, description, colour or settings and answers the new state. Send `If-Match` to refuse a change to a newer version (412); without it the change is applied to the latest version.",
  method: "PATCH",
  path: "/v1/client-groups/{groupId}",
  access: "admin",
  summary: "Change a client group (admin)",
  get params() {
    return groupParams();
  },
  get body() {
    return groupPatchSchema();
  },
  get responses() {
    return {
      200: { description: "The group", schema: groupSchema() },
      ...errorResponses(400, 401, 403, 404, 412, 413, 415, 422),
    };
  },
});

export const deleteGroup = defineRoute({
  ...staffRoute,
  operationId: "deleteClientGroup",
  description:
    "Deletes a group for good. The default group, and a group that still has clients, answer 409: move the clients first.",
  method: "DELETE",
  path: "/v1/client-groups/{groupId}",
  access: "admin",
  summary: "Delete an empty client group other than the default (admin)",
  get params() {
    return groupParams();
  },
  get responses() {
    return { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404, 409, 412) };
  },
});

const listFieldsQuery = onFirstUse(() => z.strictObject(pageQuery()));

export const listFields = defineRoute({
  ...staffRoute,
  tag: "Custom fields",
  operationId: "listCustomFields",
  description: "A page of the custom fields a group defines, oldest first. Follow `nextCursor` until it is null.",
  method: "GET",
  path: "/v1/client-groups/{groupId}/custom-fields",
  access: "staff",
  summary: "The custom client fields of a group",
  get params() {
    return groupParams();
  },
  get query() {
    return listFieldsQuery();
  },
  get responses() {
    return {
      200: { description: "Fields", schema: pageOf(customFieldSchema(), "CustomFieldPage") },
      ...errorResponses(401, 403, 404),
    };
  },
});

export const createField = defineRoute({
  ...staffRoute,
  tag: "Custom fields",
  operationId: "createCustomField",
  description:
    "Defines a field that clients of the group carry in `customFields` under the field's id: `text`, `textarea`, `checkbox` or `select` (with `options`), optionally required, checked with a regex, visible to or editable by the client, and encrypted at rest.",
  method: "POST",
  path: "/v1/client-groups/{groupId}/custom-fields",
  access: "admin",
  summary: "Define a custom client field for a group (admin)",
  get params() {
    return groupParams();
  },
  get body() {
    return customFieldCreateSchema();
  },
  idempotency: { reserveId: () => newId("fld") },
  get responses() {
    return {
      201: { description: "Created", schema: customFieldSchema() },
      ...errorResponses(400, 401, 403, 404, 413, 415, 422),
    };
  },
});

export const patchField = defineRoute({
  ...staffRoute,
  tag: "Custom fields",
  operationId: "patchCustomField",
  description:
    "Changes a custom field's definition and answers the new state; values already stored are kept. Send `If-Match` to refuse a change to a newer version (412).",
  method: "PATCH",
  path: "/v1/custom-fields/{fieldId}",
  access: "admin",
  summary: "Change a custom field (admin)",
  get params() {
    return fieldParams();
  },
  get body() {
    return customFieldPatchSchema();
  },
  get responses() {
    return {
      200: { description: "The field", schema: customFieldSchema() },
      ...errorResponses(400, 401, 403, 404, 412, 413, 415, 422),
    };
  },
});

export const deleteField = defineRoute({
  ...staffRoute,
  tag: "Custom fields",
  operationId: "deleteCustomField",
  description: "Deletes a custom field's definition; clients no longer show or accept it.",
  method: "DELETE",
  path: "/v1/custom-fields/{fieldId}",
  access: "admin",
  summary: "Delete a custom field (admin)",
  get params() {
    return fieldParams();
  },
  get responses() {
    return { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) };
  },
});

const templateParams = onFirstUse(() =>
  z.object({
    templateId: templateIdSchema(),
    language: z
      .string()
      .min(2)
      .max(35)
      .transform((tag, ctx) => {
        try {
          return Intl.getCanonicalLocales(tag)[0]!;
        } catch {
          ctx.addIssue({ code: "custom", message: "Not a BCP 47 language tag." });
          return z.NEVER;
        }
      }),
  }),
);
const templateOut = onFirstUse(() =>
  templateBodySchema()
    .extend({ templateId: z.string(), language: z.string(), updatedAt: z.string() })
    .meta({ id: "StoredEmailTemplate" }),
);

export const getTemplate = defineRoute({
  lambda: "settings",
  tag: "Email templates",
  operationId: "getEmailTemplate",
  description:
    "The subject, text and HTML of one email in one language (a BCP 47 tag such as `en` or `fr-CA`). Templates may use `{{client.firstName}}`, `{{client.lastName}}`, `{{client.username}}`, `{{company.name}}`, `{{signInUrl}}`, and the one-time links `{{resetPasswordUrl}}` (template `password-reset`), `{{verifyEmailUrl}}` (`email-verification`, `account-registration`) and `{{acceptInvitationUrl}}` (`staff-invitation`, sent to a staff member, whose name and username fill the `client.*` placeholders); an email goes out in the client's language, or the company's default when there is no template for it, or the built-in English one. Templates: `account-registration`, `password-reset`, `email-verification`, `staff-invitation`.",
  method: "GET",
  path: "/v1/email-templates/{templateId}/{language}",
  access: "staff",
  summary: "An email template in one language",
  get params() {
    return templateParams();
  },
  get responses() {
    return { 200: { description: "The template", schema: templateOut() }, ...errorResponses(401, 403, 404, 422) };
  },
});

export const putTemplate = defineRoute({
  lambda: "settings",
  tag: "Email templates",
  operationId: "putEmailTemplate",
  description:
    "Creates or replaces one email's template in one language and answers it. The language must be a BCP 47 tag.",
  method: "PUT",
  path: "/v1/email-templates/{templateId}/{language}",
  access: "admin",
  summary: "Create or replace an email template in one language (admin)",
  get params() {
    return templateParams();
  },
  get body() {
    return templateBodySchema();
  },
  get responses() {
    return {
      200: { description: "The template", schema: templateOut() },
      ...errorResponses(400, 401, 403, 413, 415, 422),
    };
  },
});
