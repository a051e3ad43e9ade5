import { loadCompany } from "../companies/company-service";
import { inSchemaOrder } from "../domain/field-order";
import { type ClientGroup, type GroupCreate, type GroupPatch, groupSchema } from "../domain/group";
import { assertVersion } from "../domain/version";
import {
  ConflictError,
  createdThenDeleted,
  type FieldError,
  InvalidInputError,
  NotFoundError,
  StaleVersionError,
} from "../errors/application-errors";
import { type Page, type PageRequest, sortedPage } from "../paging/sorted-page";
import { deleteEmptyGroup, getGroup, listGroups, type StoredGroup, saveGroup } from "../store/group-repository";

export function toPublicGroup({ clientCount: _, ...group }: StoredGroup): ClientGroup {
  return inSchemaOrder(groupSchema(), group);
}

export async function loadGroup(companyId: string, groupId: string): Promise<StoredGroup> {
  const group = await getGroup(companyId, groupId);
  if (!group) throw new NotFoundError("No client group has this id.");
  return group;
}

/** A page of the company's groups: the default one first, then by name. */
export async function groupsPage(companyId: string, request: PageRequest): Promise<Page<ClientGroup>> {
  const groups = (await listGroups(companyId)).map(toPublicGroup);
  return sortedPage(groups, (g) => [g.isDefault ? "0" : "1", g.name, g.id], request, `client-groups|${companyId}`);
}

/** A group's default currency and language must be ones the company offers. */
async function settingsErrors(companyId: string, settings: ClientGroup["settings"]): Promise<FieldError[]> {
  const company = await loadCompany(companyId);
  const errors: FieldError[] = [];
  if (settings.defaultCurrency && !company.currencies.includes(settings.defaultCurrency)) {
    errors.push({ path: "settings.defaultCurrency", message: `The company accepts ${company.currencies.join(", ")}.` });
  }
  if (settings.defaultLanguage && !company.languages.includes(settings.defaultLanguage)) {
    errors.push({ path: "settings.defaultLanguage", message: `The company offers ${company.languages.join(", ")}.` });
  }
  return errors;
}

/**
 * Creates the group under `groupId`, the id its Idempotency-Key reserved: a
 * retry after a crash that followed the write finds the group the first
 * attempt wrote instead of creating a second one.
 */
export async function createGroup(companyId: string, groupId: string, input: GroupCreate): Promise<ClientGroup> {
  const errors = await settingsErrors(companyId, input.settings);
  if (errors.length > 0) throw new InvalidInputError(errors);
  const now = new Date().toISOString();
  const group: ClientGroup = {
    id: groupId,
    ...input,
    isDefault: false,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  if (await saveGroup(companyId, group)) return group;
  const written = await getGroup(companyId, groupId, true);
  if (!written) throw createdThenDeleted("client group");
  return toPublicGroup(written);
}

export async function updateGroup(
  companyId: string,
  groupId: string,
  patch: GroupPatch,
  expected?: number,
): Promise<ClientGroup> {
  for (let attempt = 0; ; attempt++) {
    const current = await loadGroup(companyId, groupId);
    assertVersion(expected, current.version);
    const next: StoredGroup = {
      ...current,
      ...patch,
      settings: { ...current.settings, ...patch.settings },
      updatedAt: new Date().toISOString(),
      version: current.version + 1,
    };
    const errors = await settingsErrors(companyId, next.settings);
    if (errors.length > 0) throw new InvalidInputError(errors);
    if (await saveGroup(companyId, next, current.version)) return toPublicGroup(next);
    // Someone else changed it first: without If-Match the change is applied again on the fresh state.
    if (expected !== undefined || attempt >= 2)
      throw new StaleVersionError("The group changed meanwhile; read it again.");
  }
}

export async function removeGroup(companyId: string, groupId: string, expected?: number): Promise<void> {
  const current = await loadGroup(companyId, groupId);
  assertVersion(expected, current.version);
  if (current.isDefault)
    throw new ConflictError(`"${current.name}" is the default group and cannot be deleted.`, "default-group");
  if (!(await deleteEmptyGroup(companyId, groupId, expected))) {
    const latest = await getGroup(companyId, groupId);
    if (!latest) throw new NotFoundError("No client group has this id.");
    if (expected !== undefined && latest.version !== expected)
      throw new StaleVersionError("The group changed meanwhile.");
    throw new ConflictError("The group still has clients: move them to another group first.", "group-has-clients");
  }
}
