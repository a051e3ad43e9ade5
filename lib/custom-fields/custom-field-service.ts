import type { z } from "zod";
import {
  type CustomField,
  type customFieldCreateSchema,
  customFieldSchema,
  definitionErrors,
  patternErrors,
  preparePatterns,
} from "../domain/custom-field";
import { inSchemaOrder } from "../domain/field-order";
import { assertVersion } from "../domain/version";
import { createdThenDeleted, InvalidInputError, NotFoundError, StaleVersionError } from "../errors/application-errors";
import { loadGroup } from "../groups/group-service";
import { type Page, type PageRequest, sortedPage } from "../paging/sorted-page";
import { deleteField, getField, listCompanyFields, saveField } from "../store/custom-field-repository";

type FieldCreate = z.output<ReturnType<typeof customFieldCreateSchema>>;

/** A page of a group's custom fields, oldest first. */
export async function fieldsPage(companyId: string, groupId: string, request: PageRequest): Promise<Page<CustomField>> {
  await loadGroup(companyId, groupId);
  const fields = (await listCompanyFields(companyId))
    .filter((f) => f.groupId === groupId)
    .map((f) => inSchemaOrder(customFieldSchema(), f));
  return sortedPage(fields, (f) => [f.createdAt, f.id], request, `custom-fields|${companyId}|${groupId}`);
}

export async function loadField(companyId: string, fieldId: string): Promise<CustomField> {
  const field = await getField(companyId, fieldId);
  if (!field) throw new NotFoundError("No custom field has this id.");
  return inSchemaOrder(customFieldSchema(), field);
}

/** Defines the field under `fieldId`, the id its Idempotency-Key reserved (see createGroup). */
export async function createField(
  companyId: string,
  groupId: string,
  fieldId: string,
  input: FieldCreate,
): Promise<CustomField> {
  await loadGroup(companyId, groupId);
  // A pattern RE2 refuses is the answer on its own, as a schema error would be: the default is not checked by it.
  const patternProblems = await patternErrors(input.regex);
  const errors = patternProblems.length > 0 ? patternProblems : definitionErrors(input);
  if (errors.length > 0) throw new InvalidInputError(errors);
  const now = new Date().toISOString();
  const field: CustomField = { id: fieldId, groupId, ...input, createdAt: now, updatedAt: now, version: 1 };
  if (await saveField(companyId, field)) return field;
  const written = await getField(companyId, fieldId, true);
  if (!written) throw createdThenDeleted("custom field");
  return inSchemaOrder(customFieldSchema(), written);
}

export async function updateField(
  companyId: string,
  fieldId: string,
  patch: Partial<FieldCreate>,
  expected?: number,
): Promise<CustomField> {
  const current = await loadField(companyId, fieldId);
  assertVersion(expected, current.version);
  if (patch.encrypted !== undefined && patch.encrypted !== current.encrypted) {
    // Stored values would stay encrypted (or clear) under the old setting: define a new field instead.
    throw new InvalidInputError([{ path: "encrypted", message: "Encryption is fixed when the field is created." }]);
  }
  const next: CustomField = { ...current, ...patch, updatedAt: new Date().toISOString(), version: current.version + 1 };
  const patternProblems = await patternErrors(patch.regex);
  await preparePatterns([next]);
  const errors = patternProblems.length > 0 ? patternProblems : definitionErrors(next);
  if (errors.length > 0) throw new InvalidInputError(errors);
  if (!(await saveField(companyId, next, current.version))) {
    throw new StaleVersionError("The field changed meanwhile; read it again.");
  }
  return next;
}

export async function removeField(companyId: string, fieldId: string): Promise<void> {
  await loadField(companyId, fieldId);
  await deleteField(companyId, fieldId);
}
