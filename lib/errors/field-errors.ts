import type { z } from "zod";
import type { FieldError } from "./application-errors";

/** A zod error as field errors, the path joined with dots: `phones.0.number`. */
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
