import { CLIENT_STATUSES, type ClientCreate, type ClientStatus, clientCreateSchema } from "../domain/client";
import type { CustomField } from "../domain/custom-field";
import type { ImportOptions, ImportRowError, StagedRow } from "../domain/import";
import { normalisePhones } from "../domain/phone";
import type { FieldError } from "../errors/application-errors";
import { InvalidInputError } from "../errors/application-errors";
import { toFieldErrors } from "../errors/field-errors";
import { listCompanyFields } from "../store/custom-field-repository";
import type { StoredGroup } from "../store/group-repository";
import { listGroups } from "../store/group-repository";
import { duplicateKeys } from "../store/indexing/duplicate-keys";
import { readCsv } from "./csv-file";
import type { MappedRow } from "./presets";
import { CUSTOM_PREFIX, expectedHeaders, type HeaderMapping, mapHeader, mapRow, readBoolean } from "./presets";

/** A row that passed the create body's schema. */
export type ReadRow = StagedRow;

export interface ImportFile {
  /** Data rows in the file (blank rows not counted). */
  total: number;
  rows: ReadRow[];
  errors: ImportRowError[];
  /** The file's header by client field, to name the columns of errors found later. */
  columns: Record<string, string>;
}

const MAX_NUMBER = 999_999_999_999;

/**
 * Reads a file into create bodies, each row checked by the very schema of
 * `POST /v1/clients` (its messages, the paths turned into the file's column
 * names). Refuses the whole file (422) when it is empty, not CSV, or its
 * header has none of the preset's required columns.
 */
export async function readImportFile(
  companyId: string,
  bytes: Buffer | undefined,
  options: ImportOptions,
): Promise<ImportFile> {
  const file = await readCsv(bytes);
  const mapping = mapHeader(options.preset, file.header);
  if (mapping.missing.length > 0) {
    throw new InvalidInputError(
      mapping.missing.map((field) => ({ path: field, message: "No column of the header gives this field." })),
      `The header is not one of a ${options.preset} file: it needs the columns ${expectedHeaders(options.preset)}.`,
      "unrecognised-header",
    );
  }
  const [groups, fields] = await Promise.all([listGroups(companyId), listCompanyFields(companyId)]);
  const defaultGroupId = groups.find((g) => g.isDefault)?.id;
  const columns = { ...mapping.columns, ...customColumns(mapping, fields) };
  const errors: ImportRowError[] = [...file.errors];
  const rows: ReadRow[] = [];
  for (const { row, cells } of file.rows) {
    const mapped = mapRow(options.preset, mapping, cells);
    mapped.input.groupId = groupOfRow(mapped, groups);
    const groupId = typeof mapped.input.groupId === "string" ? mapped.input.groupId : defaultGroupId;
    const rowFields = fields.filter((f) => f.groupId === groupId);
    const customFields: Record<string, string | boolean> = {};
    const rowErrors: ImportRowError[] = [];
    for (const [name, value] of Object.entries(mapped.custom)) {
      const field = rowFields.find((f) => f.name.toLowerCase() === name.toLowerCase());
      if (!field) {
        rowErrors.push({
          row,
          column: `${CUSTOM_PREFIX}${name}`,
          message: "No custom field of the client's group has this name.",
        });
        continue;
      }
      customFields[field.id] = field.type === "checkbox" ? readBoolean(value) : value;
    }
    const body = {
      ...mapped.input,
      ...(Object.keys(customFields).length > 0 ? { customFields } : {}),
      generatePassword: true,
      sendRegistrationEmail: options.sendRegistrationEmails,
    };
    const parsed = clientCreateSchema().safeParse(body);
    if (!parsed.success) rowErrors.push(...toRowErrors(row, toFieldErrors(parsed.error), columns));
    const status = mapped.status;
    if (status !== undefined && !(CLIENT_STATUSES as readonly string[]).includes(status)) {
      rowErrors.push({
        row,
        column: columns.status ?? "status",
        message: `Use one of: ${CLIENT_STATUSES.join(", ")}.`,
      });
    }
    if (rowErrors.length > 0 || !parsed.success) {
      errors.push(...rowErrors);
      continue;
    }
    const input = parsed.data;
    const number = Number(mapped.number);
    const read: ReadRow = {
      row,
      input,
      ...(options.keepNumbers && Number.isInteger(number) && number >= 1 && number <= MAX_NUMBER ? { number } : {}),
      ...(status ? { status: status as ClientStatus } : {}),
      given: Object.keys(body).filter((field) => field !== "generatePassword" && field !== "sendRegistrationEmail"),
    };
    rows.push(read);
  }
  return { total: file.rows.length + file.errors.length, rows, errors, columns };
}

/** The duplicate keys a row's client would be filed under (lib/store/indexing/duplicate-keys.ts). */
export const keysOf = async (input: ClientCreate) =>
  duplicateKeys({ ...input, phones: await normalisePhones(input.phones ?? [], input.country) });

/** Column names of the custom fields, by their path in the create body. */
function customColumns(mapping: HeaderMapping, fields: CustomField[]): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const name of mapping.custom.values()) {
    for (const field of fields.filter((f) => f.name.toLowerCase() === name.toLowerCase())) {
      columns[`customFields.${field.id}`] = `${CUSTOM_PREFIX}${name}`;
    }
  }
  return columns;
}

/** Field errors of the create body as errors of the file's row and column. */
export function toRowErrors(row: number, errors: FieldError[], columns: Record<string, string>): ImportRowError[] {
  return errors.map(({ path, message }) => ({ row, column: columnOf(path, columns), message }));
}

function columnOf(path: string, columns: Record<string, string>): string | null {
  if (columns[path]) return columns[path];
  const [first, second] = path.split(".");
  if (first === "customFields" && second && columns[`customFields.${second}`])
    return columns[`customFields.${second}`]!;
  return columns[first!] ?? (first || null);
}

/**
 * The row's group: its `groupId` when that is a group of this company;
 * otherwise the group named like its `group` column (an export names both, so
 * a file exported by another company lands in the groups of the same name);
 * otherwise an id no group has, which the create rules refuse as for
 * `POST /v1/clients`. No group column at all: the default group.
 */
function groupOfRow(mapped: MappedRow, groups: StoredGroup[]): unknown {
  const { groupId } = mapped.input;
  if (groupId === undefined || groups.some((g) => g.id === groupId)) return groupId;
  const named = mapped.group && groups.find((g) => g.name.toLowerCase() === mapped.group!.trim().toLowerCase());
  return named ? named.id : groupId;
}
