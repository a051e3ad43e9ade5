import { CLIENT_FIELDS } from "../domain/client";
import type { ImportPreset } from "../domain/import";
import { statesOf } from "../geo/countries";
import { fold } from "../store/indexing/text";

/**
 * How a file's columns become the fields of the create body. Headers are
 * compared folded (case, spaces and punctuation ignored), so `First Name`,
 * `first_name` and `firstname` are one column; columns a preset does not know
 * are ignored (an export has many: credit, notes, ...). Custom fields are
 * `custom:<field name>` in every preset.
 */
export interface MappedRow {
  /** The create body as the file gives it, before validation. */
  input: Record<string, unknown>;
  /** Custom field values by field name, resolved against the row's group later. */
  custom: Record<string, string>;
  /** The source's client number (`keepNumbers`), as written. */
  number?: string;
  /** The source's status, as written. */
  status?: string;
  /** The name of the client's group, as written (our export's `group` column). */
  group?: string;
}

type Reader = (value: string, row: Record<string, string>) => unknown;

interface ColumnRule {
  /** A create body field, or `number` / `status` / `group`. */
  field: string;
  /** Folded header names this field is read from, the first found wins. */
  headers: string[];
  read?: Reader;
}

interface Preset {
  columns: ColumnRule[];
}

export const CUSTOM_PREFIX = "custom:";

const foldHeader = (header: string) => fold(header).replace(/[^a-z0-9]/g, "");

const TRUE = new Set(["true", "1", "yes", "y", "on"]);
const FALSE = new Set(["false", "0", "no", "n", "off"]);
/** true/false in the spellings exports use; anything else is passed on for the schema to refuse. */
export function readBoolean(value: string): boolean | string {
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return value;
}

/** `type:location:number` entries joined by `;`; a bare number is a home phone. */
function readPhones(value: string): unknown[] {
  return value
    .split(";")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => {
      const parts = entry.split(":");
      if (parts.length < 3) return { type: "phone", location: "home", number: entry };
      const [type, location, ...number] = parts;
      return { type: type!.trim().toLowerCase(), location: location!.trim().toLowerCase(), number: number.join(":") };
    });
}

const onePhone =
  (type: "phone" | "fax", location: "home" | "work"): Reader =>
  (value) => [{ type, location, number: value.trim() }];

/** The other products write a state as its code without the country (`CA`) or its name (`California`). */
function readState(value: string, row: Record<string, string>): string {
  const country = (row.country ?? "").trim().toUpperCase();
  const states = statesOf(country);
  const given = value.trim();
  if (!states || states.length === 0) return given;
  const code = given.toUpperCase();
  if (states.some((s) => s.code === code)) return code;
  const prefixed = `${country}-${code}`;
  if (states.some((s) => s.code === prefixed)) return prefixed;
  const byName = states.find((s) => fold(s.name) === fold(given));
  return byName?.code ?? given;
}

/** A language name (WHMCS: `english`) or locale (Blesta: `en_us`) as the primary language tag. */
const LANGUAGE_NAMES: Record<string, string> = {
  english: "en",
  german: "de",
  french: "fr",
  spanish: "es",
  italian: "it",
  dutch: "nl",
  portuguese: "pt",
  "portuguese-br": "pt",
  "portuguese-pt": "pt",
  swedish: "sv",
  norwegian: "nb",
  danish: "da",
  finnish: "fi",
  polish: "pl",
  czech: "cs",
  turkish: "tr",
  russian: "ru",
  ukrainian: "uk",
  chinese: "zh",
  japanese: "ja",
  arabic: "ar",
  hebrew: "he",
  hungarian: "hu",
  romanian: "ro",
  greek: "el",
};
function readLanguage(value: string): string {
  const v = value.trim().toLowerCase();
  return LANGUAGE_NAMES[v] ?? v.split(/[_-]/)[0]!;
}

/** WHMCS keeps a currency id in `currency`; only a currency code is read. */
const readCurrencyCode: Reader = (value) =>
  /^[A-Za-z]{3}$/.test(value.trim()) ? value.trim().toUpperCase() : undefined;

const text: Reader = (value) => value.trim();

const GENERIC: Preset = {
  columns: [
    // Phones and taxExempt need their readers (below); the other fields are text as written.
    ...[
      ...CLIENT_FIELDS.filter((field) => field !== "phones" && field !== "taxExempt"),
      "number",
      "status",
      "group",
    ].map((field) => ({ field, headers: [foldHeader(field)] })),
    { field: "phones", headers: ["phones"], read: readPhones },
    { field: "taxExempt", headers: ["taxexempt"], read: readBoolean },
    { field: "marketingOptIn", headers: ["marketingoptin"], read: readBoolean },
  ],
};

/** Blesta's WHMCS migrator reads these columns of WHMCS's `tblclients`; WHMCS's own CSV export titles them in words. */
const WHMCS: Preset = {
  columns: [
    { field: "number", headers: ["id", "clientid"] },
    { field: "firstName", headers: ["firstname"] },
    { field: "lastName", headers: ["lastname"] },
    { field: "company", headers: ["companyname", "company"] },
    { field: "email", headers: ["email", "emailaddress"] },
    { field: "address1", headers: ["address1"] },
    { field: "address2", headers: ["address2"] },
    { field: "city", headers: ["city"] },
    { field: "state", headers: ["state", "region"], read: readState },
    { field: "zip", headers: ["postcode", "zip", "zipcode"] },
    { field: "country", headers: ["country", "countrycode"], read: (v) => v.trim().toUpperCase() },
    { field: "phones", headers: ["phonenumber", "phone"], read: onePhone("phone", "home") },
    { field: "taxId", headers: ["taxid", "vatnumber"] },
    { field: "taxExempt", headers: ["taxexempt"], read: readBoolean },
    { field: "currency", headers: ["currencycode", "currency"], read: readCurrencyCode },
    { field: "language", headers: ["language"], read: readLanguage },
    { field: "marketingOptIn", headers: ["marketingemailsoptin"], read: readBoolean },
    { field: "status", headers: ["status"], read: (v) => (/^closed$/i.test(v.trim()) ? "inactive" : v) },
  ],
};

/** Blesta's client and primary contact fields (`Clients::getList`), and its settings names. */
const BLESTA: Preset = {
  columns: [
    { field: "number", headers: ["idvalue", "idcode", "id", "clientid"] },
    { field: "firstName", headers: ["firstname"] },
    { field: "lastName", headers: ["lastname"] },
    { field: "company", headers: ["company"] },
    { field: "title", headers: ["title"] },
    { field: "email", headers: ["email"] },
    { field: "address1", headers: ["address1"] },
    { field: "address2", headers: ["address2"] },
    { field: "city", headers: ["city"] },
    { field: "state", headers: ["state"], read: readState },
    { field: "zip", headers: ["zip"] },
    { field: "country", headers: ["country"], read: (v) => v.trim().toUpperCase() },
    { field: "phones", headers: ["phone", "phonenumber", "numbers"], read: onePhone("phone", "work") },
    { field: "fax", headers: ["fax"], read: onePhone("fax", "work") },
    { field: "username", headers: ["username"] },
    { field: "taxId", headers: ["taxid"] },
    { field: "taxExempt", headers: ["taxexempt"], read: readBoolean },
    { field: "currency", headers: ["defaultcurrency", "currency"], read: readCurrencyCode },
    { field: "language", headers: ["language"], read: readLanguage },
    { field: "marketingOptIn", headers: ["receiveemailmarketing"], read: readBoolean },
    { field: "status", headers: ["status"] },
  ],
};

const PRESETS: Record<ImportPreset, Preset> = { generic: GENERIC, whmcs: WHMCS, blesta: BLESTA };

/** The columns without which no row can be a client: a header without them is not one of this preset's files. */
const REQUIRED_FIELDS = ["firstName", "lastName", "email", "country"];

export interface HeaderMapping {
  /** Column index by field, for the fields the file has. */
  indexOf: Map<string, number>;
  /** Custom field name by column index. */
  custom: Map<number, string>;
  /** The file's header for each field (and `phones.*` sources), to name columns in errors. */
  columns: Record<string, string>;
  /** Required fields no column gives. */
  missing: string[];
}

export function mapHeader(preset: ImportPreset, header: string[]): HeaderMapping {
  const folded = header.map(foldHeader);
  const indexOf = new Map<string, number>();
  const columns: Record<string, string> = {};
  for (const rule of PRESETS[preset].columns) {
    const index = rule.headers.map((name) => folded.indexOf(name)).find((i) => i >= 0);
    if (index === undefined) continue;
    indexOf.set(rule.field, index);
    columns[rule.field] ??= header[index]!;
  }
  if (indexOf.has("fax")) columns.phones ??= header[indexOf.get("fax")!]!;
  const custom = new Map<number, string>();
  header.forEach((name, index) => {
    if (name.toLowerCase().startsWith(CUSTOM_PREFIX)) custom.set(index, name.slice(CUSTOM_PREFIX.length).trim());
  });
  return { indexOf, custom, columns, missing: REQUIRED_FIELDS.filter((field) => !indexOf.has(field)) };
}

/** The columns a preset's file needs, as its export names them, for the problem that says a header is not recognised. */
export function expectedHeaders(preset: ImportPreset): string {
  const rules = PRESETS[preset].columns;
  return REQUIRED_FIELDS.map((field) => rules.find((r) => r.field === field)?.headers[0] ?? field).join(", ");
}

/** One row's cells as the create body's fields; empty cells are left out, as an omitted field. */
export function mapRow(preset: ImportPreset, mapping: HeaderMapping, cells: string[]): MappedRow {
  const byField: Record<string, string> = {};
  for (const [field, index] of mapping.indexOf) {
    const value = cells[index] ?? "";
    if (value.trim() !== "") byField[field] = value;
  }
  const input: Record<string, unknown> = {};
  const rules = new Map(PRESETS[preset].columns.map((rule) => [rule.field, rule]));
  let number: string | undefined;
  let status: string | undefined;
  let group: string | undefined;
  for (const [field, value] of Object.entries(byField)) {
    const read = rules.get(field)?.read ?? text;
    const out = read(value, byField);
    if (out === undefined) continue;
    if (field === "number") number = String(out);
    else if (field === "status") status = String(out).trim().toLowerCase();
    else if (field === "group") group = String(out);
    else if (field === "fax") input.phones = [...((input.phones as unknown[]) ?? []), ...(out as unknown[])];
    else if (field === "phones") input.phones = [...(out as unknown[]), ...((input.phones as unknown[]) ?? [])];
    else input[field] = out;
  }
  const custom: Record<string, string> = {};
  for (const [index, name] of mapping.custom) {
    const value = cells[index] ?? "";
    if (value.trim() !== "") custom[name] = value;
  }
  return { input, custom, ...(number ? { number } : {}), ...(status ? { status } : {}), ...(group ? { group } : {}) };
}
