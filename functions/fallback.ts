import * as z from "zod";
import { ROUTES } from "../lib/api/catalog";
import { createApiHandler } from "../lib/http/api-handler";
import { problems } from "../lib/http/problem";

/**
 * API Gateway's `$default` route: every request no other route took. It knows
 * every path, so it answers 405 (with Allow) for a known path and 404 otherwise.
 */
export const handler = createApiHandler(
  ROUTES.map((spec) => ({
    // Accepts any query: whatever was sent, the answer is the 404 or 405 for the path.
    spec: {
      ...spec,
      access: "public" as const,
      body: undefined,
      params: undefined,
      query: z.looseObject({}),
      idempotency: undefined,
    },
    run: async () => {
      throw problems.notFound();
    },
  })),
);
