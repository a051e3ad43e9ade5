import * as z from "zod";
import { onFirstUse } from "../domain/on-first-use";
import { badCursor, decodeCursor, encodeCursor } from "../paging/cursor";

/** Where a list continues: after the key (a sort value or an entry key) of the last item it has shown. */
export const afterKey = onFirstUse(() => z.string().min(1).max(2048));
export const positionAfter = onFirstUse(() => z.strictObject({ after: afterKey() }));

/**
 * The position in a cursor minted for this binding, or undefined without a
 * cursor; a bad, foreign or altered cursor answers 400 `bad-cursor`.
 */
export function readCursor<S extends z.ZodType>(
  cursor: string | undefined,
  binding: string,
  schema: S,
): z.output<S> | undefined {
  if (cursor === undefined) return undefined;
  const position = schema.safeParse(decodeCursor(cursor, binding));
  if (!position.success) throw badCursor();
  return position.data;
}

/** A cursor after `after`, or null when nothing was listed to continue from. */
export function cursorAfter(after: string | null, binding: string, extra: Record<string, string> = {}): string | null {
  return after === null ? null : encodeCursor({ ...extra, after }, binding);
}
