import * as z from "zod";
import type { FieldError } from "../errors/application-errors";
import type { CustomFieldValue } from "./client";
import { customFieldPattern } from "./input-rules";
import { onFirstUse } from "./on-first-use";
import { loadRe2, re2 } from "./re2";

export const CUSTOM_FIELD_TYPES = ["text", "textarea", "checkbox", "select"] as const;

/** Values checked against a pattern are capped: matching is linear in the value, so this bounds its cost. */
export const MAX_PATTERN_INPUT = 1000;
const MAX_VALUE = { text: 1000, textarea: 10_000 } as const;

export interface CustomField {
  id: string;
  groupId: string;
  name: string;
  type: (typeof CUSTOM_FIELD_TYPES)[number];
  options: string[];
  required: boolean;
  regex: string | null;
  visibleToClient: boolean;
  editableByClient: boolean;
  encrypted: boolean;
  default: CustomFieldValue | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/**
 * A pattern is checked on the server by RE2 (re2js), whose matching time is
 * linear in the input whatever the pattern, so no pattern can hold a function
 * on public signup input; RE2 has no backreferences or lookaround, which is
 * what that guarantee costs. The hosted signup form checks values as people
 * type with the browser's own RegExp, so a pattern must compile there too.
 * The schema only bounds its length: RE2 is loaded on demand, so the service
 * checks the pattern itself (`patternErrors`).
 */
const patternSchema = onFirstUse(() => z.string().max(200));

/**
 * Loads RE2 when one of the fields has a pattern: `valueError`, `definitionErrors` and
 * `resolveCustomFieldValues` check patterns synchronously and need it loaded.
 */
export async function preparePatterns(fields: readonly Pick<CustomField, "regex">[]): Promise<void> {
  if (fields.some((field) => field.regex)) await loadRe2();
}

/** The `regex` error of a submitted pattern (none when no pattern was submitted); loads RE2 for the checks after it. */
export async function patternErrors(pattern: string | null | undefined): Promise<FieldError[]> {
  if (!pattern) return [];
  await loadRe2();
  const problem = patternError(pattern);
  return problem ? [{ path: "regex", message: problem }] : [];
}

/** Why a custom-field pattern cannot be used, or null when it can (`loadRe2()` first). */
export function patternError(pattern: string): string | null {
  let javascript = true;
  try {
    customFieldPattern(pattern);
  } catch {
    javascript = false;
  }
  try {
    re2().compile(pattern);
  } catch (error) {
    if (!javascript) return "Not a valid regular expression.";
    return `Patterns run on a linear-time engine (RE2 syntax: no backreferences or lookaround, repeats up to 1000): ${(error as Error).message}.`;
  }
  return javascript ? null : "The signup form cannot check this pattern: use syntax that JavaScript accepts too.";
}

/**
 * Whether the whole value matches, decided in time linear in the value; null for a pattern RE2 cannot
 * compile (one stored before patterns were checked by RE2), which no value can pass until it is redefined.
 */
function matchesPattern(pattern: string, value: string): boolean | null {
  try {
    return re2().compile(pattern).matches(value);
  } catch {
    return null;
  }
}

const fieldShape = onFirstUse(() => ({
  name: z.string().trim().min(1).max(100),
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: z.array(z.string().trim().min(1).max(100)).max(100),
  required: z.boolean(),
  regex: patternSchema().nullable(),
  visibleToClient: z.boolean(),
  editableByClient: z.boolean(),
  encrypted: z.boolean(),
  default: z.union([z.string().max(1000), z.boolean()]).nullable(),
}));

export const customFieldCreateSchema = onFirstUse(() =>
  z
    .strictObject({
      ...fieldShape(),
      options: fieldShape().options.default([]),
      required: fieldShape().required.default(false),
      regex: fieldShape().regex.default(null),
      visibleToClient: fieldShape().visibleToClient.default(false),
      editableByClient: fieldShape().editableByClient.default(false),
      encrypted: fieldShape().encrypted.default(false),
      default: fieldShape().default.default(null),
    })
    .meta({ id: "CustomFieldCreate" }),
);

export const customFieldPatchSchema = onFirstUse(() =>
  z.strictObject(fieldShape()).partial().meta({ id: "CustomFieldPatch" }),
);

export const customFieldSchema = onFirstUse(() =>
  z
    .object({
      id: z.string(),
      groupId: z.string(),
      name: z.string(),
      type: z.enum(CUSTOM_FIELD_TYPES),
      options: z.array(z.string()),
      required: z.boolean(),
      regex: z.string().nullable(),
      visibleToClient: z.boolean(),
      editableByClient: z.boolean(),
      encrypted: z.boolean(),
      default: z.union([z.string(), z.boolean()]).nullable(),
      createdAt: z.string(),
      updatedAt: z.string(),
      version: z.number().int(),
    })
    .meta({ id: "CustomField" }),
);

type Definition = Pick<CustomField, "type" | "options" | "regex" | "editableByClient" | "visibleToClient" | "default">;

/**
 * Consistency of a definition: select needs options, the default must itself be a valid value, etc.
 * (`preparePatterns([field])` first: the default is checked against the pattern).
 */
export function definitionErrors(field: Definition): FieldError[] {
  const errors: FieldError[] = [];
  if (field.type === "select" && field.options.length === 0) {
    errors.push({ path: "options", message: "A select field needs at least one option." });
  }
  if (field.type !== "select" && field.options.length > 0) {
    errors.push({ path: "options", message: "Only select fields take options." });
  }
  if (field.type === "checkbox" && field.regex) errors.push({ path: "regex", message: "A checkbox takes no pattern." });
  if (field.editableByClient && !field.visibleToClient) {
    errors.push({ path: "editableByClient", message: "A field editable by the client must be visible to them." });
  }
  if (field.default !== null) {
    const problem = valueError(field, field.default);
    if (problem) errors.push({ path: "default", message: problem });
  }
  return errors;
}

/** Why a value does not fit the field, or null when it does. */
export function valueError(
  field: Pick<CustomField, "type" | "options" | "regex">,
  value: CustomFieldValue,
): string | null {
  if (field.type === "checkbox") return typeof value === "boolean" ? null : "A checkbox takes true or false.";
  if (typeof value !== "string") return "This field takes text.";
  if (field.type === "select")
    return field.options.includes(value) ? null : `Choose one of: ${field.options.join(", ")}.`;
  if (value.length > MAX_VALUE[field.type]) return `At most ${MAX_VALUE[field.type]} characters.`;
  if (field.regex && value !== "") {
    if (value.length > MAX_PATTERN_INPUT) return `At most ${MAX_PATTERN_INPUT} characters.`;
    const matches = matchesPattern(field.regex, value);
    if (matches === null) return "This field's pattern is no longer supported: the company must redefine it.";
    if (!matches) return "The value does not have the expected format.";
  }
  return null;
}

/** A required text needs a non-empty value; a required checkbox must be ticked. */
const isMissing = (value: CustomFieldValue | undefined) => value === undefined || value === "" || value === false;

/**
 * Validates submitted values against a group's fields and fills defaults.
 * `current` holds the stored values (for edits); returns the values to store.
 * `preparePatterns(fields)` first (`clientContext` does).
 */
export function resolveCustomFieldValues(
  fields: CustomField[],
  submitted: Record<string, CustomFieldValue>,
  current: Record<string, CustomFieldValue> = {},
): { values: Record<string, CustomFieldValue>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const byId = new Map(fields.map((f) => [f.id, f]));
  for (const id of Object.keys(submitted)) {
    if (!byId.has(id))
      errors.push({ path: `customFields.${id}`, message: "No custom field of the client's group has this id." });
  }
  const values: Record<string, CustomFieldValue> = {};
  for (const field of fields) {
    const given = Object.hasOwn(submitted, field.id) ? submitted[field.id] : current[field.id];
    const value = given ?? field.default ?? undefined;
    if (value !== undefined && value !== null) {
      const problem = valueError(field, value);
      if (problem) {
        errors.push({ path: `customFields.${field.id}`, message: problem });
        continue;
      }
    }
    if (field.required && isMissing(value ?? undefined)) {
      errors.push({ path: `customFields.${field.id}`, message: `${field.name} is required.` });
      continue;
    }
    if (value !== undefined && value !== null) values[field.id] = value;
  }
  return { values, errors };
}
