import * as z from "zod";
import { ROUTES } from "../../lib/api/catalog";

const isPage = (schema: unknown) =>
  schema instanceof z.ZodObject && "items" in schema.shape && "nextCursor" in schema.shape;

describe("the routes as data", () => {
  it("gives every list that answers {items, nextCursor} a limit and a cursor", () => {
    const lists = ROUTES.filter((route) => isPage(route.responses[200]?.schema));
    expect(lists.length).toBeGreaterThan(5);
    for (const route of lists) {
      const shape = (route.query as z.ZodObject | undefined)?.shape ?? {};
      expect([route.operationId, "limit" in shape, "cursor" in shape]).toEqual([route.operationId, true, true]);
    }
  });

  it("never drops unknown query parameters silently: a query is strict, or loose on purpose (HTML pages)", () => {
    for (const route of ROUTES) {
      if (!route.query) continue;
      const catchall = (route.query as z.ZodObject).def.catchall;
      const strict = catchall instanceof z.ZodNever;
      const loose = catchall instanceof z.ZodUnknown && route.responses[200]?.contentType === "text/html";
      expect([route.operationId, strict || loose]).toEqual([route.operationId, true]);
    }
  });
});
