import type { ImportJob, ImportRowError, RenamedRow } from "../domain/import";
import { NotFoundError } from "../errors/application-errors";
import { cursorAfter, positionAfter, readCursor } from "../search/page-cursor";
import { getImportJob, importJobsQuery, listImportJobs } from "../store/import-repository";

/**
 * The company's import jobs as the API shows them: a job, and the list newest first. Apart from the upload
 * (import-service.ts, loaded when a file comes): the list is what the imports function answers most.
 */

export const byRow = (a: ImportRowError, b: ImportRowError) => a.row - b.row;

/** A job as the API shows it: its counts and times, the preset it ran with, errors by row. */
export type ImportView = Pick<
  ImportJob,
  | "id"
  | "status"
  | "total"
  | "created"
  | "updated"
  | "skipped"
  | "failed"
  | "errors"
  | "createdAt"
  | "startedAt"
  | "finishedAt"
> & { preset: ImportJob["options"]["preset"]; renamed: RenamedRow[] };

export function importView(job: ImportJob): ImportView {
  return {
    id: job.id,
    status: job.status,
    preset: job.options.preset,
    total: job.total,
    created: job.created,
    updated: job.updated,
    skipped: job.skipped,
    failed: job.failed,
    errors: [...job.errors].sort(byRow),
    renamed: job.renamed ?? [],
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

export async function loadImport(companyId: string, importId: string): Promise<ImportView> {
  const job = await getImportJob(companyId, importId);
  if (!job) throw new NotFoundError("No import with this id.");
  return importView(job);
}

export interface ImportsPage {
  limit: number;
  cursor?: string | undefined;
}

const importsBinding = (companyId: string) => `imports|${companyId}`;
const importsAfter = (companyId: string, cursor: string | undefined) =>
  readCursor(cursor, importsBinding(companyId), positionAfter())?.after;

/** A page of the company's imports, newest first; the cursor only continues the same company's list. */
export async function listImports(companyId: string, { limit, cursor }: ImportsPage) {
  const page = await listImportJobs(companyId, limit, importsAfter(companyId, cursor));
  const last = page.more ? (page.jobs.at(-1)?.id ?? null) : null;
  return { items: page.jobs.map(importView), nextCursor: cursorAfter(last, importsBinding(companyId)) };
}

/** The Query listImports makes, for the caller lookup to start (lib/http/route.ts `FirstReads`). */
export const importsPageQuery = (companyId: string, { limit, cursor }: ImportsPage) =>
  importJobsQuery(companyId, limit, importsAfter(companyId, cursor));
