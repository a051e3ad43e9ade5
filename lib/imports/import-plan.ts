import { type ClientContext, clientContext } from "../clients/client-settings";
import { createRuleErrors, usernameTaken } from "../clients/create-client";
import type { DuplicateMode, ImportRowError, StagedRow } from "../domain/import";
import { InvalidInputError } from "../errors/application-errors";
import { duplicateValues } from "../store/indexing/duplicate-keys";
import { takenUsernames } from "../store/username-repository";
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
  const usernameOf = (row: ReadRow) => (row.input.username ?? row.input.email).toLowerCase();
  const valuesOf = new Map(passed.map((row) => [row, duplicateValues(keysOf(row.input))]));
  const [taken, existing] = await Promise.all([
    takenUsernames([...new Set(passed.map(usernameOf))]),
    countExisting ? existingDuplicates(companyId, [...valuesOf.values()].flat()) : new Map<string, string>(),
  ]);
  const plan: ImportPlan = { valid: [], staged: [], skipped: 0, duplicates: 0, errors };
  const earlierValues = new Set<string>();
  const earlierUsernames = new Set<string>();
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
      if (taken.has(username) || earlierUsernames.has(username)) {
        errors.push({ row: row.row, column: usernameColumn(row, file.columns), message: usernameTaken().message });
        continue;
      }
      earlierUsernames.add(username);
      plan.staged.push(row);
    }
    if (duplicate) plan.duplicates++;
    for (const value of values) earlierValues.add(value);
    plan.valid.push(row);
  }
  return plan;
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
