import { ROUTES } from "../../lib/api/catalog";
import { createApiHandler } from "../../lib/http/api-handler";
import { runIdempotently } from "../../lib/http/idempotency";
import { bind, defineRoute } from "../../lib/http/route";

/**
 * Idempotency is declared on the route spec and applied by the handler
 * factory: what the declaration must hold, and the one case the factory
 * cannot fill in by itself.
 */
describe("idempotency declared on the route spec", () => {
  const creates = ROUTES.filter((route) => route.idempotency);

  it("is declared by every create of the catalog, each reserving fresh ids", () => {
    expect(creates.map((route) => route.operationId).sort()).toEqual(
      [
        "createClient",
        "createClientGroup",
        "createCustomField",
        "createInvoice",
        "createService",
        "createTransaction",
        "createWebhook",
        "resendRegistrationEmail",
        "signUp",
        "startImport",
      ].sort(),
    );
    for (const route of creates) {
      const [a, b] = [route.idempotency!.reserveId(), route.idempotency!.reserveId()];
      expect({ route: route.operationId, distinct: a !== b, id: a }).toEqual({
        route: route.operationId,
        distinct: true,
        id: expect.stringMatching(/^[a-z]+_[0-9a-z]{20,}$/),
      });
    }
  });

  it("keeps no generated password for a replay of the routes that show one", () => {
    const showing = creates.filter((route) => route.responses[201]?.description.includes("generatedPassword"));
    expect(showing.length).toBeGreaterThan(0);
    for (const route of showing) expect(route.idempotency!.notKept).toContain("generatedPassword");
  });

  it("a public idempotent route must say which company its keys belong to", () => {
    const route = defineRoute({
      operationId: "publicCreate",
      method: "POST",
      path: "/v1/public-create",
      access: "public",
      lambda: "public",
      summary: "test",
      description: "test",
      tag: "test",
      idempotency: { reserveId: () => "x_1" },
      responses: {},
    });
    const run = async () => ({ status: 201 });
    expect(() => createApiHandler([bind(route, run)], { runIdempotently })).toThrow(/companyOf/);
    expect(() =>
      createApiHandler([bind(route, run, { companyOf: async () => "co_1" })], { runIdempotently }),
    ).not.toThrow();
  });

  it("a function with an idempotent route must be given the runner", () => {
    const route = defineRoute({
      operationId: "staffCreate",
      method: "POST",
      path: "/v1/staff-create",
      access: "staff",
      lambda: "clients",
      summary: "test",
      description: "test",
      tag: "test",
      idempotency: { reserveId: () => "x_1" },
      responses: {},
    });
    const run = async () => ({ status: 201 });
    expect(() => createApiHandler([bind(route, run)])).toThrow(/runIdempotently/);
    expect(() => createApiHandler([bind(route, run)], { runIdempotently })).not.toThrow();
  });
});
