import { HttpProblem } from "../../lib/http/problem";
import type { RouteSpec } from "../../lib/http/route";
import { Router } from "../../lib/http/router";

const spec = (method: string, path: string) => ({ spec: { method, path } as RouteSpec });

describe("Router", () => {
  const router = new Router([
    spec("GET", "/v1/clients/{clientId}"),
    spec("GET", "/v1/clients/search"),
    spec("POST", "/v1/clients"),
    spec("GET", "/v1/clients"),
  ]);

  it("prefers literal segments and decodes parameters", () => {
    expect(router.match("GET", "/v1/clients/search").route.spec.path).toBe("/v1/clients/search");
    expect(router.match("GET", "/v1/clients/cl%5F1").params).toEqual({ clientId: "cl_1" });
  });

  it("answers 405 with the allowed methods, and 404 for unknown paths", () => {
    const error = (() => {
      try {
        router.match("DELETE", "/v1/clients");
      } catch (e) {
        return e as HttpProblem;
      }
    })();
    expect(error?.status).toBe(405);
    expect(error?.headers.allow).toBe("POST, GET");
    expect(() => router.match("GET", "/v1/clients/a/b")).toThrow(HttpProblem);
  });
});
