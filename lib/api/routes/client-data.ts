import * as z from "zod";
import { CLIENT_STATUSES, clientSchema } from "../../domain/client";
import { onFirstUse } from "../../domain/on-first-use";
import { defineRoute } from "../../http/route";
import { BROWSE_SORTS } from "../../store/indexing/client-summary";
import { errorResponses, idParam, optionalFilter } from "../common";

const dataRoute = { lambda: "clients", tag: "Data in and out", access: "staff" } as const;
const clientParams = onFirstUse(() => z.object({ clientId: idParam() }));

const exportClientsQuery = onFirstUse(() =>
  z.strictObject({
    format: z.enum(["csv", "jsonl"]).default("csv"),
    status: optionalFilter(z.enum(CLIENT_STATUSES)),
    groupId: optionalFilter(idParam()),
    sort: z.enum(BROWSE_SORTS).default("number"),
    order: z.enum(["asc", "desc"]).default("asc"),
    includeEncrypted: z
      .enum(["true", "false"])
      .default("false")
      .transform((value) => value === "true")
      .meta({ description: "Admins only: include encrypted custom fields, decrypted" }),
    rows: z.coerce
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(10_000)
      .meta({ description: "Clients per response, 1..10,000 (not a list's `limit`: an export is a file, not a page)" }),
    cursor: z.string().max(2048).optional().meta({ description: "The previous response's `Clientele-Next-Cursor`" }),
  }),
);

export const exportClients = defineRoute({
  ...dataRoute,
  operationId: "exportClients",
  method: "GET",
  path: "/v1/clients/export",
  summary: "Export clients as CSV or JSON Lines, 10,000 per response",
  description:
    "The company's clients under browse's filters and order. CSV (RFC 4180, UTF-8, with a header on every response) uses the generic import layout, so an export imports again: the create fields, `phones` as `type:location:number` joined by `;`, custom fields as `custom:<field name>`, and `id`, `number`, `status`, `createdAt`. A cell starting with `=`, `+`, `-` or `@` is written with a leading `'` so spreadsheets show it as text. JSON Lines holds one client per line as `GET /v1/clients/{clientId}` shows it. At most 10,000 clients per response (fewer when the response would pass about 4.5 MB); the `Clientele-Next-Cursor` header, when present, is the `cursor` of the next response. Encrypted custom fields are left out unless an admin sends `includeEncrypted=true`.",
  get query() {
    return exportClientsQuery();
  },
  get responses() {
    return {
      200: {
        description: "The clients, as `text/csv` or `application/x-ndjson`",
        schema: z.string(),
        contentType: ["text/csv", "application/x-ndjson"],
        headers: { "clientele-next-cursor": "The cursor of the next response; absent on the last one" },
      },
      ...errorResponses(400, 401, 403, 422),
    };
  },
});

/** Built on first use: only the OpenAPI document reads it. */
const dataExportSchema = onFirstUse(() =>
  z
    .object({
      exportedAt: z.string(),
      companyId: z.string(),
      profile: clientSchema(),
      marketingConsent: z.object({ optIn: z.boolean(), changedAt: z.string(), source: z.string() }),
      history: z.array(z.record(z.string(), z.unknown())),
      billing: z.object({
        invoices: z.array(z.record(z.string(), z.unknown())),
        transactions: z.array(z.record(z.string(), z.unknown())),
        services: z.array(z.record(z.string(), z.unknown())),
        totals: z.object({
          amountsDue: z.array(z.object({ currency: z.string(), amount: z.string() })),
          credits: z.array(z.object({ currency: z.string(), amount: z.string() })),
        }),
      }),
      emails: z.array(
        z.object({
          messageId: z.string(),
          templateId: z.string(),
          status: z.string(),
          attempts: z.number().int(),
          createdAt: z.string(),
          failure: z.string().optional(),
        }),
      ),
    })
    .meta({ id: "ClientDataExport" }),
);

const DATA_EXPORT_DESCRIPTION =
  "Everything held about the client as one JSON document (a data subject access request): the profile with encrypted custom fields decrypted, the marketing consent, the whole history, every invoice, transaction and service with the running totals, and the emails queued and sent (template, time, outcome; the text of an email is rendered when it is sent and not kept).";

export const clientDataExport = defineRoute({
  ...dataRoute,
  operationId: "getClientDataExport",
  method: "GET",
  path: "/v1/clients/{clientId}/data-export",
  get params() {
    return clientParams();
  },
  summary: "Everything held about a client, as one JSON document",
  description: DATA_EXPORT_DESCRIPTION,
  get responses() {
    return { 200: { description: "The document", schema: dataExportSchema() }, ...errorResponses(401, 403, 404) };
  },
});

export const ownDataExport = defineRoute({
  lambda: "client",
  tag: "Own account",
  access: "client",
  operationId: "getOwnDataExport",
  method: "GET",
  path: "/v1/me/data-export",
  summary: "Everything held about the signed-in client, as one JSON document",
  description: DATA_EXPORT_DESCRIPTION,
  get responses() {
    return { 200: { description: "The document", schema: dataExportSchema() }, ...errorResponses(401, 403) };
  },
});

export const anonymiseClient = defineRoute({
  ...dataRoute,
  access: "admin",
  operationId: "anonymiseClient",
  method: "POST",
  path: "/v1/clients/{clientId}/anonymise",
  get params() {
    return clientParams();
  },
  summary: "Erase the client's personal data, keeping billing records",
  description:
    "Erases the client's personal data everywhere it is held (names, contact fields, phones, custom fields, encrypted values, the sign-in account, the username, which becomes free, search and duplicate entries, kept idempotent answers) and keeps what billing and tax law need: number, country, currency, group, status, invoices, transactions, services and totals. The history records who did it and when. The client then shows `anonymisedAt` and answers 409 `anonymised` to edits. Safe to retry: a call that failed half way is finished by the next one, and a finished one answers the same state again.",
  get responses() {
    return {
      200: { description: "The anonymised client", schema: clientSchema() },
      ...errorResponses(401, 403, 404, 409),
    };
  },
});
