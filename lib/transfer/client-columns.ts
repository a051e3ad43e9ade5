import { CLIENT_FIELDS, type Client, type CustomFieldValue } from "../domain/client";
import type { CustomField } from "../domain/custom-field";
import type { Phone } from "../domain/phone";

/**
 * The generic CSV layout, shared by the export and the import's `generic`
 * preset so that an export imports again: the create body's field names,
 * phones as `type:location:number` joined by `;`, custom fields as
 * `custom:<field name>`. `id`, `status` and `createdAt` describe the client
 * as it was and are not create fields; `group` names the group, so a file
 * imported into another company finds the group of the same name there.
 */
export const GENERIC_COLUMNS = [
  "id",
  "number",
  "status",
  "createdAt",
  ...CLIENT_FIELDS,
  "group",
  "marketingOptIn",
] as const;

export const CUSTOM_COLUMN_PREFIX = "custom:";

export const phonesCell = (phones: Pick<Phone, "type" | "location" | "number">[]): string =>
  phones.map((p) => `${p.type}:${p.location}:${p.number}`).join(";");

const cell = (value: string | number | boolean | null | undefined): string =>
  value === null || value === undefined ? "" : String(value);

/** The custom fields that get a column: encrypted ones only when asked for. */
export const exportedFields = (fields: CustomField[], includeEncrypted: boolean): CustomField[] =>
  fields.filter((f) => includeEncrypted || !f.encrypted);

export const header = (fields: CustomField[]): string[] => [
  ...GENERIC_COLUMNS,
  ...fields.map((f) => `${CUSTOM_COLUMN_PREFIX}${f.name}`),
];

/** A client as one row of the generic layout, in `header(fields)` order. */
export function clientRow(client: Client, fields: CustomField[], groupNames: ReadonlyMap<string, string>): string[] {
  const values: Record<(typeof GENERIC_COLUMNS)[number], string> = {
    id: client.id,
    number: cell(client.number),
    status: client.status,
    createdAt: client.createdAt,
    firstName: client.firstName,
    lastName: client.lastName,
    company: cell(client.company),
    title: cell(client.title),
    address1: cell(client.address1),
    address2: cell(client.address2),
    city: cell(client.city),
    country: client.country,
    state: cell(client.state),
    zip: cell(client.zip),
    email: client.email,
    phones: phonesCell(client.phones),
    taxExempt: cell(client.taxExempt),
    taxId: cell(client.taxId),
    currency: client.currency,
    username: client.username,
    language: client.language,
    groupId: client.groupId,
    group: groupNames.get(client.groupId) ?? "",
    marketingOptIn: cell(client.marketing.optIn),
  };
  const custom = (value: CustomFieldValue | undefined) => cell(value);
  return [...GENERIC_COLUMNS.map((column) => values[column]), ...fields.map((f) => custom(client.customFields[f.id]))];
}

/**
 * A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or
 * carriage return before one) as a formula: such a cell is written with a
 * leading apostrophe, which spreadsheets show as text (OWASP's CSV injection advice).
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Undoes `neutraliseFormula` when a file comes back: an export imports to the same values. */
export function restoreFormula(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}
