import * as z from "zod";
import type { RouteSpec } from "../http/route";

/**
 * The statuses any route can answer before or around its own code, from what
 * it declares: throttling (429), authentication (401, 403), reading and
 * validating the request (400, 413, 415, 422) and failures (500, 503).
 * The document adds them to every route, so none can be forgotten.
 */
export function pipelineStatuses(route: RouteSpec): number[] {
  const statuses = new Set([429, 500, 503]);
  const add = (...more: number[]) => {
    for (const status of more) statuses.add(status);
  };
  if (route.access !== "public") add(401, 403);
  if (route.body || route.rawBody) add(400, 413, 415, 422);
  if (route.params || rejectsUnknownQuery(route.query)) add(422);
  if (takesCursor(route.query)) add(400);
  return [...statuses].sort((a, b) => a - b);
}

/** No query schema means no query parameters at all; a strict one refuses names it does not know. */
function rejectsUnknownQuery(query: z.ZodType | undefined): boolean {
  return query === undefined || (query instanceof z.ZodObject && query.def.catchall instanceof z.ZodNever);
}

function takesCursor(query: z.ZodType | undefined): boolean {
  return query instanceof z.ZodObject && "cursor" in query.shape;
}
