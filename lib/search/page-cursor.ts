import { z } from "zod";
import { badCursor, decodeCursor, encodeCursor } from "../http/cursor";

/** Where a list continues: after the key (a sort value or an entry key) of the last item it has shown. */
const positionSchema = z.strictObject({ after: z.string().min(1).max(2048) });

/**
 * The position in a cursor minted for this binding, or undefined without a
 * cursor; a bad, foreign or altered cursor answers 400 `bad-cursor`.
 */
export function positionOf(cursor: string | undefined, binding: string): string | undefined {
  if (cursor === undefined) return undefined;
  const position = positionSchema.safeParse(decodeCursor(cursor, binding));
  if (!position.success) throw badCursor();
  return position.data.after;
}

export function cursorAfter(after: string | null, binding: string): string | null {
  return after === null ? null : encodeCursor({ after }, binding);
}
