import type { z } from "zod";

/**
 * The object's fields in the order its schema documents them (DynamoDB hands
 * attributes back in no particular order); fields the schema does not name follow.
 */
export function inSchemaOrder<T extends object>(schema: z.ZodObject, value: T): T {
  return inFieldOrder(Object.keys(schema.shape), value);
}

/** The object's fields in the given order; fields the list does not name follow. */
export function inFieldOrder<T extends object>(fields: readonly string[], value: T): T {
  const ordered: Record<string, unknown> = {};
  for (const key of fields) if (key in value) ordered[key] = (value as Record<string, unknown>)[key];
  return Object.assign(ordered, value) as T;
}
