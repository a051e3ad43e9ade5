import * as z from "zod";
import { customFieldCreateSchema, customFieldPatchSchema, customFieldSchema } from "../../domain/custom-field";
import { groupCreateSchema, groupPatchSchema, groupSchema } from "../../domain/group";
import { newId } from "../../domain/ids";
import { defineRoute } from "../../http/route";
import { templateBodySchema, templateIdSchema } from "../../templates/template-service";
import { errorResponses, idParam, pageOf } from "../common";

const groupParams = z.object({ groupId: idParam });
const fieldParams = z.object({ fieldId: idParam });
const staffRoute = { lambda: "settings", tag: "Client groups" } as const;

export const listGroups = defineRoute({
  ...staffRoute,
  operationId: "listClientGroups",
  method: "GET",
  path: "/v1/client-groups",
  access: "staff",
  summary: "The company's client groups",
  responses: {
    200: { description: "Groups", schema: pageOf(groupSchema, "ClientGroupPage") },
    ...errorResponses(401, 403),
  },
});

export const createGroup = defineRoute({
  ...staffRoute,
  operationId: "createClientGroup",
  method: "POST",
  path: "/v1/client-groups",
  access: "admin",
  summary: "Create a client group (admin)",
  body: groupCreateSchema,
  idempotency: { reserveId: () => newId("grp") },
  responses: { 201: { description: "Created", schema: groupSchema }, ...errorResponses(400, 401, 403, 413, 415, 422) },
});

export const getGroup = defineRoute({
  ...staffRoute,
  operationId: "getClientGroup",
  method: "GET",
  path: "/v1/client-groups/{groupId}",
  access: "staff",
  summary: "One client group",
  params: groupParams,
  responses: { 200: { description: "The group", schema: groupSchema }, ...errorResponses(401, 403, 404) },
});

export const patchGroup = defineRoute({
  ...staffRoute,
  operationId: "patchClientGroup",
  method: "PATCH",
  path: "/v1/client-groups/{groupId}",
  access: "admin",
  summary: "Change a client group (admin)",
  params: groupParams,
  body: groupPatchSchema,
  responses: {
    200: { description: "The group", schema: groupSchema },
    ...errorResponses(400, 401, 403, 404, 412, 413, 415, 422),
  },
});

export const deleteGroup = defineRoute({
  ...staffRoute,
  operationId: "deleteClientGroup",
  method: "DELETE",
  path: "/v1/client-groups/{groupId}",
  access: "admin",
  summary: "Delete an empty client group other than the default (admin)",
  params: groupParams,
  responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404, 409, 412) },
});

export const listFields = defineRoute({
  ...staffRoute,
  tag: "Custom fields",
  operationId: "listCustomFields",
  method: "GET",
  path: "/v1/client-groups/{groupId}/custom-fields",
  access: "staff",
  summary: "The custom client fields of a group",
  params: groupParams,
  responses: {
    200: { description: "Fields", schema: pageOf(customFieldSchema, "CustomFieldPage") },
    ...errorResponses(401, 403, 404),
  },
});

export const createField = defineRoute({
  ...staffRoute,
  tag: "Custom fields",
  operationId: "createCustomField",
  method: "POST",
  path: "/v1/client-groups/{groupId}/custom-fields",
  access: "admin",
  summary: "Define a custom client field for a group (admin)",
  params: groupParams,
  body: customFieldCreateSchema,
  idempotency: { reserveId: () => newId("fld") },
  responses: {
    201: { description: "Created", schema: customFieldSchema },
    ...errorResponses(400, 401, 403, 404, 413, 415, 422),
  },
});

export const patchField = defineRoute({
  ...staffRoute,
  tag: "Custom fields",
  operationId: "patchCustomField",
  method: "PATCH",
  path: "/v1/custom-fields/{fieldId}",
  access: "admin",
  summary: "Change a custom field (admin)",
  params: fieldParams,
  body: customFieldPatchSchema,
  responses: {
    200: { description: "The field", schema: customFieldSchema },
    ...errorResponses(400, 401, 403, 404, 412, 413, 415, 422),
  },
});

export const deleteField = defineRoute({
  ...staffRoute,
  tag: "Custom fields",
  operationId: "deleteCustomField",
  method: "DELETE",
  path: "/v1/custom-fields/{fieldId}",
  access: "admin",
  summary: "Delete a custom field (admin)",
  params: fieldParams,
  responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
});

const templateParams = z.object({
  templateId: templateIdSchema,
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
});
const templateOut = templateBodySchema
  .extend({ templateId: z.string(), language: z.string(), updatedAt: z.string() })
  .meta({ id: "StoredEmailTemplate" });

export const getTemplate = defineRoute({
  lambda: "settings",
  tag: "Email templates",
  operationId: "getEmailTemplate",
  method: "GET",
  path: "/v1/email-templates/{templateId}/{language}",
  access: "staff",
  summary: "An email template in one language",
  params: templateParams,
  responses: { 200: { description: "The template", schema: templateOut }, ...errorResponses(401, 403, 404, 422) },
});

export const putTemplate = defineRoute({
  lambda: "settings",
  tag: "Email templates",
  operationId: "putEmailTemplate",
  method: "PUT",
  path: "/v1/email-templates/{templateId}/{language}",
  access: "admin",
  summary: "Create or replace an email template in one language (admin)",
  params: templateParams,
  body: templateBodySchema,
  responses: {
    200: { description: "The template", schema: templateOut },
    ...errorResponses(400, 401, 403, 413, 415, 422),
  },
});
