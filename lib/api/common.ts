import * as z from "zod";
import { ID_PATTERN } from "../domain/ids";

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem" });

export const idParam = z.string().regex(ID_PATTERN, "Not an id.");

/** `limit` (1..100, default 25) and the opaque `cursor` of every list. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
};

export const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).meta({ id });

/** The error responses every route may answer, besides its own. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: ERROR_DESCRIPTIONS[status] ?? "Error",
        schema: problemSchema,
        contentType: "application/problem+json",
      },
    ]),
  );

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Malformed request",
  401: "No or invalid token",
  403: "Wrong audience or role",
  404: "Not found",
  409: "Conflict",
  412: "Version mismatch",
  413: "Body too large",
  415: "Wrong content type",
  422: "Validation failed",
  429: "Too many requests",
};
