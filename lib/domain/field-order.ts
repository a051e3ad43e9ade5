import type { z } from "zod";

/**
 * The object's fields in the order its schema documents them (DynamoDB hands
 * attributes back in no particular order); fields the schema does not name follow.
 */
export function inSchemaOrder<T extends object>(schema: z.ZodObject, value: T): T {
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) if (key in value) ordered[key] = (value as Record<string, unknown>)[key];
  return Object.assign(ordered, value) as T;
}
