import * as z from "zod";
import { onFirstUse } from "../domain/on-first-use";
import { badCursor, decodeCursor, encodeCursor } from "./cursor";

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// Created on first use: an ICU collator costs the cold import of every function that pages a small collection
// several milliseconds, and most of their requests sort nothing.
let collator: Intl.Collator | undefined;

/** Collation first (people's order), code units to break its ties, so distinct keys never compare equal. */
function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? "";
    const y = b[i] ?? "";
    collator ??= new Intl.Collator("en");
    const order = collator.compare(x, y) || (x < y ? -1 : x > y ? 1 : 0);
    if (order !== 0) return order;
  }
  return 0;
}

const positionSchema = onFirstUse(() => z.strictObject({ after: z.array(z.string().max(1024)).min(1).max(8) }));

/**
 * A page of a small collection read whole and sorted in memory (a company's
 * groups or a group's custom fields: tens, not thousands). `sortKey` must end
 * in something unique (the id). The cursor holds the sort key of the last item
 * shown, signed for `binding`, so items added or removed between pages neither
 * repeat nor hide the others.
 */
export function sortedPage<T>(
  all: readonly T[],
  sortKey: (item: T) => string[],
  { limit, cursor }: PageRequest,
  binding: string,
): Page<T> {
  let after: string[] | undefined;
  if (cursor !== undefined) {
    const position = positionSchema().safeParse(decodeCursor(cursor, binding));
    if (!position.success) throw badCursor();
    after = position.data.after;
  }
  const sorted = all
    .map((item) => ({ item, key: sortKey(item) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .filter(({ key }) => after === undefined || compareKeys(key, after) > 0);
  const page = sorted.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ item }) => item),
    nextCursor: sorted.length > limit && last ? encodeCursor({ after: last.key }, binding) : null,
  };
}
