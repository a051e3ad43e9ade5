import { Validator } from "@seriousme/openapi-schema-validator";
import { db } from "../../lib/store/client";
import { TestApi } from "../helpers/api";
import { failCommands } from "../helpers/faults";

let api: TestApi;
let admin: string;

beforeAll(async () => {
  api = await TestApi.start();
  admin = await api.adminToken();
});
afterAll(() => api.close());

describe("health and routing", () => {
  it("answers health", async () => {
    const res = await api.request("GET", "/v1/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
    expect(res.headers.get("x-request-id")).toMatch(/[0-9a-f-]{36}/);
  });

  it("answers 404 problem+json for an unknown path, token or not", async () => {
    for (const token of [undefined, admin]) {
      const res = await api.request("GET", "/v1/nothing-here", { token });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.body.type).toMatch(/\/not-found$/);
    }
  });

  it("answers 405 with Allow for a known path and another method, before authentication", async () => {
    const res = await api.request("DELETE", "/v1/company");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, PATCH");
  });
});

describe("sign-in", () => {
  it("gives tokens for the right password", async () => {
    const res = await api.request("POST", "/v1/auth/staff/login", {
      body: { username: "test-admin", password: "Test-Admin-Passw0rd" },
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["accessToken", "expiresIn", "idToken", "refreshToken"]);
  });

  it("answers 401 for a wrong password, the same as for an unknown user", async () => {
    const wrong = await api.request("POST", "/v1/auth/staff/login", {
      body: { username: "test-admin", password: "nope-nope-nope" },
    });
    const unknown = await api.request("POST", "/v1/auth/staff/login", {
      body: { username: "ghost", password: "nope-nope-nope" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it("refreshes tokens, and refuses a made-up refresh token", async () => {
    const login = await api.request("POST", "/v1/auth/staff/login", {
      body: { username: "test-admin", password: "Test-Admin-Passw0rd" },
    });
    const ok = await api.request("POST", "/v1/auth/refresh", {
      body: { refreshToken: login.body.refreshToken, audience: "staff" },
    });
    expect(ok.status).toBe(200);
    expect(typeof ok.body.idToken).toBe("string");
    const bad = await api.request("POST", "/v1/auth/refresh", { body: { refreshToken: "made-up", audience: "staff" } });
    expect(bad.status).toBe(401);
  });

  it("accepts an access token as well as an ID token", async () => {
    const login = await api.request("POST", "/v1/auth/staff/login", {
      body: { username: "test-admin", password: "Test-Admin-Passw0rd" },
    });
    const res = await api.request("GET", "/v1/company", { token: login.body.accessToken });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(process.env.CLIENTELE_TEST_COMPANY_ID);
  });
});

describe("the HTTP layer", () => {
  it("answers 401 without a token and for a forged one", async () => {
    expect((await api.request("GET", "/v1/company")).status).toBe(401);
    const forged = `${admin.slice(0, -4)}AAAA`;
    expect((await api.request("GET", "/v1/company", { token: forged })).status).toBe(401);
  });

  it("answers 400 for malformed JSON", async () => {
    const res = await api.request("PATCH", "/v1/company", {
      token: admin,
      rawBody: "{",
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.body.type).toMatch(/\/malformed-json$/);
  });

  it("answers 415 for a body that is not JSON", async () => {
    const res = await api.request("PATCH", "/v1/company", {
      token: admin,
      rawBody: "name=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(415);
  });

  it("answers 413 for a body over 64 KiB", async () => {
    const res = await api.request("PATCH", "/v1/company", { token: admin, body: { name: "x".repeat(70_000) } });
    expect(res.status).toBe(413);
  });

  it("answers 422 naming an unknown field", async () => {
    const res = await api.request("PATCH", "/v1/company", { token: admin, body: { name: "A", isAdmin: true } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: "isAdmin", message: expect.any(String) }]);
  });
});

describe("dependencies", () => {
  it("answers 503 with Retry-After when DynamoDB throttles, and 500 without details for anything else", async () => {
    const throttled = failCommands(
      db(),
      () => true,
      1,
      Object.assign(new Error("slow down"), { name: "ThrottlingException" }),
    );
    const busy = await api.request("GET", "/v1/company", { token: admin });
    throttled.restore();
    expect(busy.status).toBe(503);
    expect(busy.headers.get("retry-after")).toBe("1");
    const broken = failCommands(db(), () => true, 1, new Error("disk on fire at /var/lib/x"));
    const failed = await api.request("GET", "/v1/company", { token: admin });
    broken.restore();
    expect(failed.status).toBe(500);
    expect(failed.headers.get("content-type")).toBe("application/problem+json");
    expect(JSON.stringify(failed.body)).not.toMatch(/disk|var\/lib|at /);
  });
});

describe("company", () => {
  it("returns the default company with its settings and ETag", async () => {
    const res = await api.request("GET", "/v1/company", { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: "Test Company",
      defaultCurrency: "USD",
      currencies: ["USD"],
      defaultLanguage: "en",
      languages: ["en"],
      clientNumberStart: 1500,
    });
    expect(res.headers.get("etag")).toBe(`"${res.body.version}"`);
  });

  it("lets an admin change currencies and languages, checked against ISO 4217 and BCP 47", async () => {
    const bad = await api.request("PATCH", "/v1/company", {
      token: admin,
      body: { currencies: ["USD", "XYZ"], languages: ["en", "not a tag"] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["currencies.1", "languages.1"]);

    const inconsistent = await api.request("PATCH", "/v1/company", { token: admin, body: { defaultCurrency: "JPY" } });
    expect(inconsistent.status).toBe(422);
    expect(inconsistent.body.errors[0].path).toBe("defaultCurrency");

    const current = await api.request("GET", "/v1/company", { token: admin });
    const res = await api.request("PATCH", "/v1/company", {
      token: admin,
      body: { currencies: ["USD", "EUR", "GBP", "JPY"], languages: ["en", "en-gb", "fr"] },
      headers: { "if-match": current.headers.get("etag")! },
    });
    expect(res.status).toBe(200);
    expect(res.body.languages).toEqual(["en", "en-GB", "fr"]);
    expect(res.body.version).toBe(current.body.version + 1);

    const stale = await api.request("PATCH", "/v1/company", {
      token: admin,
      body: { name: "Stale" },
      headers: { "if-match": current.headers.get("etag")! },
    });
    expect(stale.status).toBe(412);
  });
});

describe("countries", () => {
  it("lists countries and the states of one", async () => {
    const countries = await api.request("GET", "/v1/countries");
    expect(countries.body.length).toBeGreaterThan(240);
    expect(countries.body).toContainEqual({ code: "GB", name: "United Kingdom of Great Britain and Northern Ireland" });
    const states = await api.request("GET", "/v1/countries/GB/states");
    expect(states.body).toContainEqual({ code: "GB-WSM", name: "Westminster" });
    expect((await api.request("GET", "/v1/countries/ZZ/states")).status).toBe(404);
    expect((await api.request("GET", "/v1/countries/GBR/states")).status).toBe(422);
  });
});

describe("API description", () => {
  it("publishes a valid OpenAPI 3.1 document covering every route", async () => {
    const res = await api.request("GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const { ROUTES } = await import("../../lib/api/catalog");
    for (const route of ROUTES) {
      expect(res.body.paths[route.path]?.[route.method.toLowerCase()]).toBeDefined();
    }
  });

  it("serves the API reference page and its assets locally", async () => {
    const page = await api.request("GET", "/docs");
    expect(page.status).toBe(200);
    expect(page.body).toContain("/docs/swagger-ui-bundle.js");
    for (const asset of ["swagger-ui-bundle.js", "swagger-ui.css", "theme.css", "init.js"]) {
      expect((await api.request("GET", `/docs/${asset}`)).status).toBe(200);
    }
    expect((await api.request("GET", "/docs/../../etc/passwd")).status).toBe(404);
  });
});
