import { createHash } from "node:crypto";
import * as imports from "../lib/api/routes/imports";
import { actorOf } from "../lib/http/actor";
import { createApiHandler } from "../lib/http/api-handler";
import { runIdempotently } from "../lib/http/idempotency";
import { accepted, ok } from "../lib/http/response";
import { bind, withFirstReads } from "../lib/http/route";
import { importsPageQuery, listImports, loadImport } from "../lib/imports/import-jobs";

// Loaded when a file comes: the presets, the row checks and the state names are no part of the list's cold start.
const upload = () => import("../lib/imports/import-service");

export const handler = createApiHandler(
  [
    bind(
      imports.startImport,
      async ({ auth, query, rawBody, reservedId }) => {
        const { dryRun, ...options } = query;
        const { dryRunImport, startImport } = await upload();
        if (dryRun) return ok(await dryRunImport(auth.companyId, rawBody, options));
        const job = await startImport({
          companyId: auth.companyId,
          importId: reservedId,
          actor: actorOf(auth),
          bytes: rawBody,
          options,
        });
        return accepted({ importId: job.id });
      },
      // The same file and options: the body is bytes, so its hash stands for it.
      {
        fingerprint: ({ query, rawBody }) => ({
          query,
          file: createHash("sha256")
            .update(rawBody ?? "")
            .digest("hex"),
        }),
      },
    ),
    // Staff open the import list more than anything else here: its first page starts with the caller lookup.
    withFirstReads(
      imports.listImports,
      async ({ auth, query }) => ok(await listImports(auth.companyId, query)),
      (companyId, { query }) => ({ queries: [importsPageQuery(companyId, query)] }),
    ),
    bind(imports.getImport, async ({ auth, params }) => ok(await loadImport(auth.companyId, params.importId))),
  ],
  { runIdempotently },
);
