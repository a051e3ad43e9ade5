import * as z from "zod";
import { onFirstUse } from "../domain/on-first-use";
import { e164Of } from "../domain/phone";
import { InvalidInputError } from "../errors/application-errors";
import { encodeCursor } from "../paging/cursor";
import { queryDuplicateEntries } from "../store/duplicate-repository";
import type { ClientSummary } from "../store/indexing/client-summary";
import {
  DUPLICATE_KINDS,
  type DuplicateKind,
  foldedFullName,
  hasDuplicateValue,
  normalisedEmail,
} from "../store/indexing/duplicate-keys";
import type { Page } from "./browse-clients";
import { afterKey, readCursor } from "./page-cursor";

export interface DuplicateQuery {
  email?: string;
  phone?: string;
  /** Reads a phone without a country code as a number of this country (ISO 3166-1 alpha-2). */
  country?: string;
  firstName?: string;
  lastName?: string;
  limit: number;
  cursor?: string;
}

export type DuplicateMatch = ClientSummary & { matchedOn: DuplicateKind[] };

type Criterion = [DuplicateKind, string];

/** The values to look for, normalised exactly as clients are filed (the import's duplicate report uses the same). */
export async function duplicateCriteria(query: Omit<DuplicateQuery, "limit" | "cursor">): Promise<Criterion[]> {
  const criteria: Criterion[] = [];
  const email = query.email ? normalisedEmail(query.email) : null;
  if (email) criteria.push(["email", email]);
  if (query.phone) {
    const phone = await e164Of(query.phone, query.country);
    if (!phone) {
      throw new InvalidInputError([
        {
          path: "phone",
          message: "Not a phone number we can read. Give it with its country code (+44 20 7946 0000) or set `country`.",
        },
      ]);
    }
    criteria.push(["phone", phone]);
  }
  const name = foldedFullName(query.firstName ?? "", query.lastName ?? "");
  if (name) criteria.push(["name", name]);
  return criteria;
}

const READ_BATCH = 100;
const position = onFirstUse(() =>
  z.strictObject({ step: z.number().int().min(0).max(DUPLICATE_KINDS.length), after: afterKey() }),
);

/**
 * Clients with the same normalised email, E.164 phone or folded full name as
 * the query, each once (with every criterion it matched), email matches
 * first, then phone, then name, each in client id order. Reads only the
 * entries filed under the query's values: the cost follows the number of
 * matches, not the company's size. A page is short or empty only at the end.
 */
export async function findDuplicates(companyId: string, query: DuplicateQuery): Promise<Page<DuplicateMatch>> {
  const criteria = await duplicateCriteria(query);
  const binding = ["duplicates", companyId, JSON.stringify(criteria)].join("|");
  const start = readCursor(query.cursor, binding, position());
  const found: { step: number; match: DuplicateMatch }[] = [];
  // One match more than the page shows tells whether another page exists.
  for (let step = start?.step ?? 0; step < criteria.length && found.length <= query.limit; step++) {
    const [kind, value] = criteria[step]!;
    let after = step === start?.step ? start.after : undefined;
    for (let exhausted = false; !exhausted && found.length <= query.limit; ) {
      const page = await queryDuplicateEntries(companyId, kind, value, after, READ_BATCH);
      for (const entry of page.entries) {
        after = entry.clientId;
        const matchedOn = criteria.filter(([k, v]) => hasDuplicateValue(entry.duplicateKeys, k, v)).map(([k]) => k);
        // A client matching an earlier criterion was listed under that one.
        if (matchedOn[0] !== kind) continue;
        found.push({ step, match: { ...entry.summary, matchedOn } });
        if (found.length > query.limit) break;
      }
      exhausted = page.exhausted;
    }
  }
  const items = found.slice(0, query.limit);
  const last = found.length > query.limit ? items.at(-1) : undefined;
  return {
    items: items.map((f) => f.match),
    nextCursor: last ? encodeCursor({ step: last.step, after: last.match.id }, binding) : null,
  };
}
