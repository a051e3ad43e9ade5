import { ownAccountFormSchema } from "../../clients/own-account-form";
import { clientPatchSchema, clientSchema } from "../../domain/client";
import { onFirstUse } from "../../domain/on-first-use";
import { defineRoute } from "../../http/route";
import { errorResponses, passwordChangeSchema } from "../common";

const meRoute = { lambda: "client", tag: "Own account", access: "client" } as const;

/**
 * The staff edit, narrowed to what a client may change. An allow-list rather
 * than "all but status, group, tax exemption": a field added to the staff
 * edit later stays out of the client's reach until it is added here.
 */
const ownAccountPatchSchema = onFirstUse(() =>
  clientPatchSchema()
    .pick({
      firstName: true,
      lastName: true,
      company: true,
      title: true,
      address1: true,
      address2: true,
      city: true,
      country: true,
      state: true,
      zip: true,
      email: true,
      phones: true,
      language: true,
      marketingOptIn: true,
      customFields: true,
    })
    .meta({ id: "OwnAccountPatch" }),
);

const ownPasswordChangeSchema = onFirstUse(() => passwordChangeSchema("OwnPasswordChange"));

export const getOwnAccount = defineRoute({
  ...meRoute,
  operationId: "getOwnAccount",
  description:
    "The signed-in client's own account, with an `ETag`. Of the custom fields it shows only those visible to clients, and never an encrypted one.",
  method: "GET",
  path: "/v1/me",
  summary: "The signed-in client's own account",
  get responses() {
    return { 200: { description: "The client", schema: clientSchema() }, ...errorResponses(401, 403) };
  },
});

export const getOwnAccountForm = defineRoute({
  ...meRoute,
  operationId: "getOwnAccountForm",
  method: "GET",
  path: "/v1/me/form",
  description:
    "What the hosted account page needs to draw its form for the signed-in client; no client data beyond what `GET /v1/me` shows.",
  summary:
    "What the account page offers the signed-in client: the company's name and languages, the password rule, and the custom fields they see, each marked editable or not",
  get responses() {
    return { 200: { description: "The form", schema: ownAccountFormSchema() }, ...errorResponses(401, 403) };
  },
});

export const patchOwnAccount = defineRoute({
  ...meRoute,
  operationId: "patchOwnAccount",
  description:
    "Changes what a client may change of their own account: contact details, phones, language, the marketing choice and the custom fields the group lets clients edit. Anything else answers 422. Send `If-Match` to refuse a change to a newer version (412).",
  method: "PATCH",
  path: "/v1/me",
  summary: "Change contact details, phones, language, marketing choice and client-editable custom fields",
  get body() {
    return ownAccountPatchSchema();
  },
  get responses() {
    return {
      200: { description: "The client", schema: clientSchema() },
      ...errorResponses(400, 401, 403, 409, 412, 413, 415, 422, 429),
    };
  },
});

export const changeOwnPassword = defineRoute({
  ...meRoute,
  operationId: "changeOwnPassword",
  description:
    "Checks the current password, sets the new one (12+ characters with upper- and lower-case letters and a digit) and ends every session of the client, this one included.",
  method: "POST",
  path: "/v1/me/password",
  summary: "Change the signed-in client's password; every session ends, this one too: sign in again",
  get body() {
    return ownPasswordChangeSchema();
  },
  get responses() {
    return { 204: { description: "Changed" }, ...errorResponses(400, 401, 403, 409, 413, 415, 422) };
  },
});

export const sendOwnVerificationEmail = defineRoute({
  ...meRoute,
  operationId: "sendOwnVerificationEmail",
  description:
    "Sends the email with a link that verifies the client's current address again (valid 7 days, single use; earlier links stop working). Nothing is sent when the address is verified already. Limited per client (429 with `Retry-After`).",
  method: "POST",
  path: "/v1/me/email-verification",
  summary: "Send the email-verification link again",
  get responses() {
    return { 202: { description: "Queued (or verified already)" }, ...errorResponses(401, 403, 429) };
  },
});
