import * as z from "zod";
import { timeOrderedId } from "../../domain/billing-ids";
import { DUPLICATE_MODES, IMPORT_PRESETS, IMPORT_STATUSES } from "../../domain/import";
import { onFirstUse } from "../../domain/on-first-use";
import { defineRoute } from "../../http/route";
import { errorResponses, idParam, pageOf, pageQuery } from "../common";

const importsRoute = { lambda: "imports", tag: "Imports", access: "admin" } as const;

/** The largest CSV file an import takes; API Gateway's HTTP API allows 10 MB and a Lambda invocation 6 MB. */
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false"])
    .default(fallback ? "true" : "false")
    .transform((value) => value === "true");

const DUPLICATE_HELP =
  "A row with the email, phone or full name of an existing client (or of an earlier row): skip it, update that client, or create anyway";

const importQuery = onFirstUse(() =>
  z.strictObject({
    preset: z
      .enum(IMPORT_PRESETS)
      .default("generic")
      .meta({ description: "The columns: ours, or a WHMCS or Blesta client export's" }),
    dryRun: flag(false).meta({ description: "Check every row and answer a report; nothing is written" }),
    onDuplicate: z.enum(DUPLICATE_MODES).default("skip").meta({ description: DUPLICATE_HELP }),
    keepNumbers: flag(false).meta({ description: "Keep the source's client numbers where no client has them" }),
    sendRegistrationEmails: flag(false).meta({ description: "Send each new client the registration email" }),
  }),
);

const rowErrorSchema = onFirstUse(() =>
  z
    .object({ row: z.number().int(), column: z.string().nullable(), message: z.string() })
    .meta({ id: "ImportRowError" }),
);

const previewSchema = onFirstUse(() =>
  z
    .object({
      row: z.number().int(),
      firstName: z.string(),
      lastName: z.string(),
      email: z.string(),
      country: z.string(),
    })
    .catchall(z.unknown())
    .meta({ id: "ImportPreviewRow", description: "A valid row as the create body it becomes (without password)" }),
);

const renamedSchema = onFirstUse(() =>
  z.object({ row: z.number().int(), username: z.string() }).meta({
    id: "ImportRenamedRow",
    description:
      "A row imported under a free username derived from its own (`ada` -> `ada-2`, before the `@` of an email), because a client of another company holds that one: tell the client (the first 100)",
  }),
);

const dryRunSchema = onFirstUse(() =>
  z
    .object({
      rows: z.number().int(),
      valid: z.number().int(),
      duplicates: z.number().int(),
      errors: z.array(rowErrorSchema()),
      renamed: z.array(renamedSchema()),
      preview: z.array(previewSchema()),
    })
    .meta({ id: "ImportDryRun" }),
);

const importSchema = onFirstUse(() =>
  z
    .object({
      id: z.string(),
      status: z.enum(IMPORT_STATUSES),
      preset: z.enum(IMPORT_PRESETS),
      total: z.number().int(),
      created: z.number().int(),
      updated: z.number().int(),
      skipped: z.number().int(),
      failed: z.number().int(),
      errors: z.array(rowErrorSchema()),
      renamed: z.array(renamedSchema()),
      createdAt: z.string(),
      startedAt: z.string().nullable(),
      finishedAt: z.string().nullable(),
    })
    .meta({ id: "Import" }),
);

export const startImport = defineRoute({
  ...importsRoute,
  operationId: "startImport",
  method: "POST",
  path: "/v1/imports",
  summary: "Import clients from a CSV file (dry run, or an asynchronous job)",
  description:
    "Takes a CSV file (`text/csv`, up to 5 MB: this route only; UTF-8, else read as windows-1252/Latin-1; " +
    "comma, semicolon or tab; a header row). Columns (`preset=generic`): the create body's field names, " +
    "`phones` as `type:location:number` joined by `;`, custom fields as `custom:<field name>`, and `number` " +
    "and `status`; `whmcs` and `blesta` read those products' client export columns. Every row is checked " +
    "exactly as `POST /v1/clients` checks a body; `row` counts data rows from 1 and `column` is the file's " +
    "header. With `dryRun=true` the answer (200) reports every row (at most 1,000 errors) and writes " +
    "nothing. Otherwise the rows are stored and imported in the background (202 with the import's id: " +
    "follow it at `GET /v1/imports/{importId}`); each row becomes a client with a generated password " +
    "(no email unless `sendRegistrationEmails=true`), and a retry of the import never creates a client " +
    "twice. An empty file, one that is not CSV (a quoting error, with its line) or whose header lacks the " +
    "preset's name, email and country columns answers 422. With an `Idempotency-Key`, a retry answers the same import.",
  get query() {
    return importQuery();
  },
  rawBody: { mediaTypes: ["text/csv"], maxBytes: MAX_IMPORT_BYTES },
  idempotency: { reserveId: () => timeOrderedId("imp") },
  get responses() {
    return {
      200: { description: "The dry run's report", schema: dryRunSchema() },
      202: {
        description: "The import is queued",
        schema: z.object({ importId: z.string() }).meta({ id: "ImportStarted" }),
      },
      ...errorResponses(400, 401, 403, 413, 415, 422),
    };
  },
});

const listImportsQuery = onFirstUse(() => z.strictObject(pageQuery()));

export const listImports = defineRoute({
  ...importsRoute,
  operationId: "listImports",
  method: "GET",
  path: "/v1/imports",
  summary: "The company's imports, newest first",
  description: "A page of the company's imports with their progress and first errors, newest first.",
  get query() {
    return listImportsQuery();
  },
  get responses() {
    return {
      200: { description: "Imports", schema: pageOf(importSchema(), "ImportPage") },
      ...errorResponses(400, 401, 403, 422),
    };
  },
});

const getImportParams = onFirstUse(() => z.object({ importId: idParam() }));

export const getImport = defineRoute({
  ...importsRoute,
  operationId: "getImport",
  method: "GET",
  path: "/v1/imports/{importId}",
  summary: "One import: status, counts and its first 100 errors",
  description:
    "The import's status (`queued`, `running`, `done`; `failed` when no row could be imported), its counts " +
    "(`total` rows, `created`, `updated` and `skipped` duplicates, `failed`) and its first 100 row errors.",
  get params() {
    return getImportParams();
  },
  get responses() {
    return { 200: { description: "The import", schema: importSchema() }, ...errorResponses(401, 403, 404, 422) };
  },
});
