import * as z from "zod";
import { CLIENT_STATUSES, clientCreateSchema, clientPatchSchema, clientSchema } from "../../domain/client";
import { newId } from "../../domain/ids";
import { onFirstUse } from "../../domain/on-first-use";
import { defineRoute } from "../../http/route";
import { passwordPolicyMessage } from "../../identity/passwords";
import { errorResponses, idParam, pageOf, pageQuery } from "../common";

const clientParams = onFirstUse(() => z.object({ clientId: idParam() }));
const clientsRoute = { lambda: "clients", tag: "Clients", access: "staff" } as const;

export const createClient = defineRoute({
  ...clientsRoute,
  operationId: "createClient",
  method: "POST",
  path: "/v1/clients",
  summary: "Create a client and its sign-in account",
  description:
    "Creates the client record and its sign-in account in one step, with the next client number. Send " +
    "`password`, or `generatePassword: true` to get a generated one once in `generatedPassword`. A taken " +
    "username answers 409 `username-taken`. " +
    "With an `Idempotency-Key`, a retry with the same key and body within 24 hours answers what the first " +
    "request did, with `Idempotent-Replayed: true`: the same client, status, `ETag` and body, encrypted custom " +
    "field values decrypted again (even if they changed since), except `generatedPassword`, which is shown " +
    "once and left out of replays. The kept answer never holds an encrypted value in clear: it is sealed " +
    "as in the client record, and neither the password nor the generated password is kept at all.",
  get body() {
    return clientCreateSchema();
  },
  idempotency: { reserveId: () => newId("cl"), notKept: ["generatedPassword"] },
  get responses() {
    return {
      201: { description: "The client; `generatedPassword` only when one was generated", schema: clientSchema() },
      ...errorResponses(400, 401, 403, 409, 413, 415, 422),
    };
  },
});

export const getClient = defineRoute({
  ...clientsRoute,
  operationId: "getClient",
  description:
    "The client with every field staff may see, encrypted custom fields decrypted, and an `ETag` with its version.",
  method: "GET",
  path: "/v1/clients/{clientId}",
  summary: "One client",
  get params() {
    return clientParams();
  },
  get responses() {
    return { 200: { description: "The client", schema: clientSchema() }, ...errorResponses(401, 403, 404) };
  },
});

export const patchClient = defineRoute({
  ...clientsRoute,
  operationId: "patchClient",
  description:
    "Changes the fields sent (the create body's fields except password and status) and answers the new state. Send `If-Match` with the ETag to refuse a change to a newer version (412). A taken username answers 409.",
  method: "PATCH",
  path: "/v1/clients/{clientId}",
  summary: "Change some of a client's fields (not password, not status)",
  get params() {
    return clientParams();
  },
  get body() {
    return clientPatchSchema();
  },
  get responses() {
    return {
      200: { description: "The client", schema: clientSchema() },
      ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 422),
    };
  },
});

export const deleteClient = defineRoute({
  ...clientsRoute,
  operationId: "deleteClient",
  description:
    "Deletes the client with its billing records, history and sign-in account; its username becomes free. Send `If-Match` to delete only the version you saw (412 otherwise).",
  method: "DELETE",
  path: "/v1/clients/{clientId}",
  summary: "Delete a client for good, with everything attached and its sign-in account; the username is freed",
  get params() {
    return clientParams();
  },
  get responses() {
    return { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404, 409, 412) };
  },
});

const clientStatusChangeSchema = onFirstUse(() =>
  z
    .strictObject({
      status: z.enum(CLIENT_STATUSES),
      reason: z.string().trim().min(1).max(500).optional(),
    })
    .meta({ id: "ClientStatusChange" }),
);

export const changeClientStatus = defineRoute({
  ...clientsRoute,
  operationId: "changeClientStatus",
  description:
    "Sets the status with an optional reason, recorded in the history. Setting `inactive` or `fraud` signs the client out everywhere and refuses its sign-ins and existing tokens (within 10 s).",
  method: "POST",
  path: "/v1/clients/{clientId}/status",
  summary: "Set a client active, inactive or fraud; inactive and fraud end its sessions and sign-ins",
  get params() {
    return clientParams();
  },
  get body() {
    return clientStatusChangeSchema();
  },
  get responses() {
    return {
      200: { description: "The client", schema: clientSchema() },
      ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422),
    };
  },
});

const clientPasswordSetSchema = onFirstUse(() =>
  z
    .strictObject({
      password: z.string().max(256).optional(),
      generate: z.literal(true).optional(),
    })
    .superRefine((body, ctx) => {
      if ((body.password === undefined) === (body.generate === undefined)) {
        ctx.addIssue({
          code: "custom",
          path: ["password"],
          message: "Send exactly one of `password` and `generate: true`.",
        });
        return;
      }
      const problem = body.password === undefined ? null : passwordPolicyMessage(body.password);
      if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
    })
    .meta({ id: "ClientPasswordSet" }),
);

export const setClientPassword = defineRoute({
  ...clientsRoute,
  operationId: "setClientPassword",
  description:
    "Sets the password sent (204), or with `generate: true` sets a generated one and answers it once (200). Either way the client's sessions end.",
  method: "POST",
  path: "/v1/clients/{clientId}/password",
  summary: "Set or generate a client's password; ends the client's sessions",
  get params() {
    return clientParams();
  },
  get body() {
    return clientPasswordSetSchema();
  },
  get responses() {
    return {
      200: {
        description: "The generated password, shown this once",
        schema: z.object({ generatedPassword: z.string() }).meta({ id: "GeneratedPassword" }),
      },
      204: { description: "The password is set" },
      ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422),
    };
  },
});

export const resendRegistrationEmail = defineRoute({
  ...clientsRoute,
  operationId: "resendRegistrationEmail",
  description:
    "Queues the registration email again, in the client's language; the mailer sends it shortly after (202). With an `Idempotency-Key` a retry queues nothing more.",
  method: "POST",
  path: "/v1/clients/{clientId}/registration-email",
  summary: "Send the account registration email again (through the outbox)",
  get params() {
    return clientParams();
  },
  // The reserved id is the outbox message's: a retry finds the message queued.
  idempotency: { reserveId: () => newId("msg") },
  get responses() {
    return { 202: { description: "Queued" }, ...errorResponses(400, 401, 403, 404, 422) };
  },
});

const historyEventSchema = onFirstUse(() =>
  z
    .object({
      id: z.string(),
      type: z.string(),
      at: z.string(),
      actor: z.object({ type: z.string(), id: z.string(), username: z.string().optional() }),
      fields: z.array(z.string()).optional(),
      from: z.string().optional(),
      to: z.string().optional(),
      reason: z.string().optional(),
      detail: z.string().optional(),
    })
    .meta({ id: "HistoryEvent" }),
);

const listClientHistoryQuery = onFirstUse(() => z.strictObject(pageQuery()));

export const listClientHistory = defineRoute({
  ...clientsRoute,
  operationId: "listClientHistory",
  description:
    "A page of the client's history, newest first: creation, status changes with their reason, edits (the names of the fields changed, never values) and emails sent.",
  method: "GET",
  path: "/v1/clients/{clientId}/history",
  summary: "What happened to a client, newest first: status changes, edits (field names only), emails",
  get params() {
    return clientParams();
  },
  get query() {
    return listClientHistoryQuery();
  },
  get responses() {
    return {
      200: { description: "History events", schema: pageOf(historyEventSchema(), "HistoryEventPage") },
      ...errorResponses(400, 401, 403, 404, 422),
    };
  },
});
