import type { z } from "zod";
import { toFieldErrors } from "../errors/field-errors";
import { problems } from "./problem";

export { toFieldErrors };

/** Parses with the schema or throws a 422 problem listing every invalid field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.output<S> {
  return dataOrThrow(schema.safeParse(value), prefix);
}

/** A parse's data, or a 422 problem listing every invalid field. */
export function dataOrThrow<T>(result: z.ZodSafeParseResult<T>, prefix?: string): T {
  if (!result.success) throw problems.validation(toFieldErrors(result.error, prefix));
  return result.data;
}
