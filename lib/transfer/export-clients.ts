import * as z from "zod";
import { toClientView } from "../clients/client-view";
import type { ClientStatus } from "../domain/client";
import { NotPermittedError } from "../errors/application-errors";
import { afterKey, cursorAfter, readCursor } from "../search/page-cursor";
import { queryBrowseEntries } from "../store/browse-repository";
import { getStoredClients } from "../store/client-repository";
import { listCompanyFields } from "../store/custom-field-repository";
import { listGroups } from "../store/group-repository";
import type { BrowseSort } from "../store/indexing/client-summary";
import { clientRow, exportedFields, header, neutraliseFormula } from "./client-columns";

export interface ExportQuery {
  format: "csv" | "jsonl";
  status?: ClientStatus;
  groupId?: string;
  sort: BrowseSort;
  order: "asc" | "desc";
  includeEncrypted: boolean;
  /** At most MAX_EXPORT_ROWS. */
  rows: number;
  cursor?: string;
}

export interface ExportPage {
  contentType: string;
  body: string;
  rows: number;
  nextCursor: string | null;
}

export const MAX_EXPORT_ROWS = 10_000;
/** A Lambda answer holds at most 6 MB: a page stops early once its body passes this. */
const MAX_EXPORT_BYTES = 4_500_000;
const READ_BATCH = 500;

/**
 * One response of a client export: up to 10,000 clients in browse's order
 * under browse's filters, as CSV in the generic layout (with its header, so
 * every response imports on its own) or as JSON Lines of the staff view.
 * Encrypted custom fields are decrypted and included only for an admin who
 * asks for them.
 */
export async function exportClients(
  companyId: string,
  query: ExportQuery,
  callerIsAdmin: boolean,
): Promise<ExportPage> {
  if (query.includeEncrypted && !callerIsAdmin) {
    throw new NotPermittedError("Only an admin may export encrypted custom fields.", "forbidden");
  }
  // csv-stringify is imported by the exports that write CSV only, off the function's cold start.
  const { stringify } = query.format === "csv" ? await import("csv-stringify/sync") : { stringify: undefined };
  const binding = [
    "export",
    companyId,
    query.status ?? "",
    query.groupId ?? "",
    query.sort,
    query.order,
    query.format,
    String(query.includeEncrypted),
  ].join("|");
  let after = readCursor(query.cursor, binding, z.strictObject({ after: afterKey() }))?.after;
  const [allFields, groups] = await Promise.all([listCompanyFields(companyId), listGroups(companyId)]);
  const fields = exportedFields(allFields, query.includeEncrypted);
  const groupNames = new Map(groups.map((g) => [g.id, g.name]));
  const chunks: string[] = [];
  let rows = 0;
  let bytes = 0;
  let more = true;
  const limit = Math.min(query.rows, MAX_EXPORT_ROWS);
  while (more && rows < limit && bytes < MAX_EXPORT_BYTES) {
    const page = await queryBrowseEntries(companyId, {
      status: query.status,
      groupId: query.groupId,
      sort: query.sort,
      descending: query.order === "desc",
      after,
      limit: Math.min(READ_BATCH, limit - rows),
    });
    const byId = new Map(
      (
        await getStoredClients(
          companyId,
          page.summaries.map((s) => s.id),
        )
      ).map((c) => [c.id, c]),
    );
    const clients = await Promise.all(
      page.summaries.flatMap((summary) => {
        const stored = byId.get(summary.id);
        if (!stored) return [];
        return [toClientView(query.includeEncrypted ? stored : { ...stored, encryptedFields: null }, "staff")];
      }),
    );
    const chunk = stringify
      ? stringify(clients.map((client) => clientRow(client, fields, groupNames).map(neutraliseFormula)))
      : clients.map((client) => `${JSON.stringify(client)}\n`).join("");
    chunks.push(chunk);
    rows += clients.length;
    bytes += Buffer.byteLength(chunk);
    after = page.lastSortValue ?? after;
    more = page.more;
  }
  const head = stringify ? stringify([header(fields)]) : "";
  return {
    contentType: query.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
    body: head + chunks.join(""),
    rows,
    nextCursor: more ? cursorAfter(after ?? null, binding) : null,
  };
}
