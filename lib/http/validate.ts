import type { z } from "zod";
import { type FieldError, problems } from "./problem";

/** Joins a zod issue path with dots: `phones.0.number`. */
export function toFieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].filter((p) => p !== undefined && p !== "");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: [...base, key].join("."),
        message: "Unknown field: remove it.",
      }));
    }
    return [{ path: base.join("."), message: issue.message }];
  });
}

/** Parses with the schema or throws a 422 problem listing every invalid field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw problems.validation(toFieldErrors(result.error, prefix));
  return result.data;
}
