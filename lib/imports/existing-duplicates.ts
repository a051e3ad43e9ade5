import { forEachBounded } from "../async/bounded";
import { queryBrowseEntries } from "../store/browse-repository";
import { getStoredClients } from "../store/client-repository";
import { queryDuplicateEntries } from "../store/duplicate-repository";
import { listGroups } from "../store/group-repository";
import { type DuplicateKind, duplicateKeys, duplicateValues } from "../store/indexing/duplicate-keys";

/** A duplicate value as `kind#value` (`email#ada@example.com`). */
export const valueKey = ([kind, value]: [DuplicateKind, string]) => `${kind}#${value}`;

const LOOKUP_CONCURRENCY = 16;
/**
 * Reading every client of the company costs about a hundredth of a lookup per
 * client (batches of 100), one lookup per value otherwise: below this many
 * clients per value, reading them all is cheaper.
 */
const CLIENTS_PER_VALUE_TO_READ_ALL = 4;
const LIST_PAGE = 500;

/**
 * For each of these duplicate values an existing client of the company has,
 * that client's id (the lowest, as the duplicates index lists them). Answers
 * by whichever costs fewer reads: nothing when the company has no client (a
 * migration into a new company), every client of a small company read in
 * batches, or one lookup of the duplicates index per value of a large one.
 */
export async function existingDuplicates(
  companyId: string,
  values: [DuplicateKind, string][],
): Promise<Map<string, string>> {
  const wanted = new Map(values.map((value) => [valueKey(value), value]));
  if (wanted.size === 0) return new Map();
  const clients = (await listGroups(companyId)).reduce((sum, group) => sum + (group.clientCount ?? 0), 0);
  if (clients === 0) return new Map();
  if (clients <= wanted.size * CLIENTS_PER_VALUE_TO_READ_ALL) return fromEveryClient(companyId, new Set(wanted.keys()));
  return fromDuplicateIndex(companyId, [...wanted.values()]);
}

async function fromEveryClient(companyId: string, wanted: Set<string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let after: string | undefined;
  for (let more = true; more; ) {
    const page = await queryBrowseEntries(companyId, { sort: "number", descending: false, after, limit: LIST_PAGE });
    for (const client of await getStoredClients(
      companyId,
      page.summaries.map((s) => s.id),
    )) {
      for (const value of duplicateValues(duplicateKeys(client))) {
        const key = valueKey(value);
        const holder = found.get(key);
        if (wanted.has(key) && (holder === undefined || client.id < holder)) found.set(key, client.id);
      }
    }
    after = page.lastSortValue ?? undefined;
    more = page.more;
  }
  return found;
}

async function fromDuplicateIndex(companyId: string, values: [DuplicateKind, string][]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  await forEachBounded(values, LOOKUP_CONCURRENCY, async ([kind, value]) => {
    const [first] = (await queryDuplicateEntries(companyId, kind, value, undefined, 1)).entries;
    if (first) found.set(valueKey([kind, value]), first.clientId);
  });
  return found;
}
