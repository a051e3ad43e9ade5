import { type ClientContext, clientContext } from "../clients/client-settings";
import { createRuleErrors, usernameTaken } from "../clients/create-client";
import type { DuplicateMode, ImportRowError, RenamedRow, StagedRow } from "../domain/import";
import { USERNAME } from "../domain/input-rules";
import { InvalidInputError } from "../errors/application-errors";
import { duplicateValues } from "../store/indexing/duplicate-keys";
import { usernameCompanies } from "../store/username-repository";
import { existingDuplicates, valueKey } from "./existing-duplicates";
import { type ImportFile, keysOf, type ReadRow, toRowErrors } from "./import-rows";

/** What an import does with each row of a file, decided once for the dry run and the import alike. */
export interface ImportPlan {
  /** Rows without errors, in row order. */
  valid: ReadRow[];
  /** Rows to import, in row order: a new client each, or an update of `match` (`onDuplicate=update`). */
  staged: StagedRow[];
  /** Valid rows skipped as duplicates. */
  skipped: number;
  /** Valid rows that duplicate an earlier row or an existing client (whatever `onDuplicate` does with them). */
  duplicates: number;
  /** Rows whose username a client of another company holds: imported under a free one derived from it. */
  renamed: RenamedRow[];
  errors: ImportRowError[];
}

/**
 * Checks every row read from the file as `POST /v1/clients` would and decides
 * what the import does with it:
 *
 * - the company's rules (currency, language, state, VAT number, custom fields), per group loaded once;
 * - duplicates by the duplicates rule (same normalised email, E.164 phone or
 *   folded full name) of an earlier valid row, found in memory, or of an
 *   existing client, found by one batched lookup (lib/imports/existing-duplicates.ts);
 *   unless `onDuplicate=create`, a duplicate of an earlier row is skipped, and
 *   one of an existing client skipped or staged to update that client;
 * - for a new client, the username (unique in the file and the installation, one batched read).
 *
 * The worker checks each again when it writes (a client created meanwhile
 * still makes the row fail, never a second holder of a username).
 */
export async function planImport(
  companyId: string,
  file: ImportFile,
  onDuplicate: DuplicateMode,
  countExisting = onDuplicate !== "create",
): Promise<ImportPlan> {
  const errors = [...file.errors];
  const passed = await passingRules(companyId, file, errors);
  const valuesOf = new Map(
    await Promise.all(passed.map(async (row) => [row, duplicateValues(await keysOf(row.input))] as const)),
  );
  const fileUsernames = new Set(passed.map(usernameOf));
  const [holders, existing] = await Promise.all([
    usernameCompanies([...fileUsernames]),
    countExisting ? existingDuplicates(companyId, [...valuesOf.values()].flat()) : new Map<string, string>(),
  ]);
  const plan: ImportPlan = { valid: [], staged: [], skipped: 0, duplicates: 0, renamed: [], errors };
  const earlierValues = new Set<string>();
  const earlierUsernames = new Set<string>();
  const elsewhere: StagedRow[] = [];
  for (const row of passed) {
    const values = valuesOf.get(row)!.map(valueKey);
    const ofEarlierRow = values.some((value) => earlierValues.has(value));
    const match = values.map((value) => existing.get(value)).find((id) => id !== undefined);
    const duplicate = ofEarlierRow || match !== undefined;
    if (duplicate && onDuplicate !== "create") {
      if (ofEarlierRow || onDuplicate === "skip") plan.skipped++;
      else plan.staged.push({ ...row, match: match! });
    } else {
      const username = usernameOf(row);
      const holder = holders.get(username);
      if (holder === companyId || earlierUsernames.has(username)) {
        errors.push(usernameError(row, file.columns));
        continue;
      }
      earlierUsernames.add(username);
      const staged = { ...row };
      if (holder !== undefined) elsewhere.push(staged);
      plan.staged.push(staged);
    }
    if (duplicate) plan.duplicates++;
    for (const value of values) earlierValues.add(value);
    plan.valid.push(row);
  }
  await renameTakenElsewhere(elsewhere, fileUsernames, plan, file.columns);
  return plan;
}

const usernameOf = (row: StagedRow) => (row.input.username ?? row.input.email).toLowerCase();

const usernameError = (row: StagedRow, columns: Record<string, string>): ImportRowError => ({
  row: row.row,
  column: usernameColumn(row, columns),
  message: usernameTaken().message,
});

/** Suffixes tried for a username held in another company, in rounds of one batched read. */
const SUFFIX_ROUND = 8;
const MAX_SUFFIX = 99;

/**
 * A migration moves clients whose usernames clients of another company of the
 * installation already hold (usernames are unique installation-wide): such a
 * row is imported under the first free `name-2`, `name-3`, ... (before the `@`
 * of an email), none of them any row's own, and reported, so staff can tell
 * the client. Staged with the row, so every attempt at it uses the same one. A
 * row for which no suffix up to 99 is free fails as taken.
 */
async function renameTakenElsewhere(
  rows: StagedRow[],
  fileUsernames: Set<string>,
  plan: ImportPlan,
  columns: Record<string, string>,
): Promise<void> {
  const given = new Set(fileUsernames);
  let waiting = rows;
  for (let first = 2; waiting.length > 0 && first <= MAX_SUFFIX; first += SUFFIX_ROUND) {
    const suffixes = Array.from({ length: SUFFIX_ROUND }, (_, i) => first + i).filter((n) => n <= MAX_SUFFIX);
    const candidates = new Map(
      waiting.map((row) => [row, suffixes.map((n) => withSuffix(row.input.username ?? row.input.email, n))]),
    );
    const held = await usernameCompanies([...new Set([...candidates.values()].flat().map((c) => c.toLowerCase()))]);
    waiting = waiting.filter((row) => {
      const free = candidates.get(row)!.find((name) => !held.has(name.toLowerCase()) && !given.has(name.toLowerCase()));
      if (free === undefined) return true;
      given.add(free.toLowerCase());
      row.input = { ...row.input, username: free };
      plan.renamed.push({ row: row.row, username: free });
      return false;
    });
  }
  const failed = new Set(waiting);
  plan.errors.push(...waiting.map((row) => usernameError(row, columns)));
  plan.staged = plan.staged.filter((row) => !failed.has(row));
  plan.valid = plan.valid.filter((row) => !waiting.some((w) => w.row === row.row));
}

/** `name` with `-n` (before the `@` of an email), the name shortened to keep within the username's length. */
function withSuffix(username: string, n: number): string {
  const at = username.lastIndexOf("@");
  const [name, domain] = at > 0 ? [username.slice(0, at), username.slice(at)] : [username, ""];
  const suffix = `-${n}`;
  return `${name.slice(0, Math.max(1, USERNAME.maxLength - domain.length - suffix.length))}${suffix}${domain}`;
}

/** The file's header column a row's username came from: its username, or the email standing in for it. */
export const usernameColumn = (row: StagedRow, columns: Record<string, string>) =>
  row.input.username !== undefined ? (columns.username ?? "username") : (columns.email ?? "email");

/** The rows that pass the company's rules; errors for the others. */
async function passingRules(companyId: string, file: ImportFile, errors: ImportRowError[]): Promise<ReadRow[]> {
  const contextOf = contextsOf(companyId);
  const passed: ReadRow[] = [];
  for (const row of file.rows) {
    try {
      const rules = createRuleErrors(await contextOf(row.input.groupId), row.input).errors;
      if (rules.length > 0) errors.push(...toRowErrors(row.row, rules, file.columns));
      else passed.push(row);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      errors.push(...toRowErrors(row.row, error.errors, file.columns));
    }
  }
  return passed;
}

/** The client context of each group, loaded once (a rejected load, an unknown group, is kept as well). */
export function contextsOf(companyId: string): (groupId: string | undefined) => Promise<ClientContext> {
  const contexts = new Map<string, Promise<ClientContext>>();
  return (groupId) => {
    const key = groupId ?? "";
    if (!contexts.has(key)) {
      const loading = clientContext(companyId, groupId);
      // Awaited by each row that needs it; this keeps an unknown group from counting as unhandled meanwhile.
      loading.catch(() => undefined);
      contexts.set(key, loading);
    }
    return contexts.get(key)!;
  };
}
