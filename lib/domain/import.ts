import { createHash } from "node:crypto";
import type { ClientCreate, ClientStatus } from "./client";
import type { Actor } from "./history";

export const IMPORT_STATUSES = ["queued", "running", "done", "failed"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_PRESETS = ["generic", "whmcs", "blesta"] as const;
export type ImportPreset = (typeof IMPORT_PRESETS)[number];
/** What a row that matches an existing client (or an earlier row) does: nothing, update that client, or create anyway. */
export const DUPLICATE_MODES = ["skip", "update", "create"] as const;
export type DuplicateMode = (typeof DUPLICATE_MODES)[number];

/** A job keeps its first errors only: enough to fix a file, bounded so the job item stays small. */
export const MAX_KEPT_ERRORS = 100;

/** `row` counts data rows from 1 (the header is not a row); `column` is the file's header, null for the whole row. */
export interface ImportRowError {
  row: number;
  column: string | null;
  message: string;
}

/** A row imported under a free username derived from its own (`ada` -> `ada-2`), which another company's client holds. */
export interface RenamedRow {
  row: number;
  username: string;
}

export interface ImportOptions {
  preset: ImportPreset;
  onDuplicate: DuplicateMode;
  keepNumbers: boolean;
  sendRegistrationEmails: boolean;
}

export interface ImportJob {
  id: string;
  companyId: string;
  status: ImportStatus;
  options: ImportOptions;
  /** Data rows in the file. */
  total: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  errors: ImportRowError[];
  /** The first rows imported under a username derived from theirs, which a client of another company holds (absent on jobs staged before). */
  renamed?: RenamedRow[];
  chunks: number;
  chunksDone: number;
  /** The file's header for each client field the preset mapped (`email` -> `Email Address`), to name columns in errors. */
  columns: Record<string, string>;
  createdBy: Actor;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The POST /v1/imports request that started it: the worker's lines carry it. */
  requestId?: string;
}

/** A row that passed the create body's schema, waiting in a chunk for the worker. */
export interface StagedRow {
  row: number;
  input: ClientCreate;
  /** The client number: the source's when kept (`keepNumbers`) and free, else one handed out when the rows were staged. */
  number?: number;
  /** The source's status, when it gave one. */
  status?: ClientStatus;
  /** The existing client this row duplicates, which `onDuplicate=update` updates instead of creating one. */
  match?: string;
  /** The create body fields the file gave (the others are defaults): what `onDuplicate=update` changes. */
  given: string[];
}

export type ChunkStatus = "pending" | "running" | "done";

export interface ImportChunk {
  companyId: string;
  importId: string;
  index: number;
  status: ChunkStatus;
  rows: StagedRow[];
  attempts: number;
  claim?: string;
  /** The request that started the import, as on its job. */
  requestId?: string;
}

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * The client id of a row: derived from the import and the row number, so every
 * attempt at the row creates (or finds) the same client and a retry after a
 * crash never creates a second one. 100 bits of a SHA-256, like a random id.
 */
export function importedClientId(importId: string, row: number): string {
  const digest = createHash("sha256").update(`${importId}\u0000${row}`).digest();
  let out = "";
  for (const byte of digest.subarray(0, 20)) out += ALPHABET[byte & 31];
  return `cl_${out}`;
}

/** The job's status once every chunk is done: failed when nothing could be imported at all. */
export function finalStatus(job: Pick<ImportJob, "created" | "updated" | "failed">): ImportStatus {
  return job.created + job.updated === 0 && job.failed > 0 ? "failed" : "done";
}
