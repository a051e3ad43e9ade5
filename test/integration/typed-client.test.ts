import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { jest } from "@jest/globals";
import { quickstart } from "../../clients/typescript/examples/quickstart";
import { generateTypes, TYPES_FILE } from "../../clients/typescript/scripts/generate";
import { type ClienteleClient, createClienteleClient, isProblem } from "../../clients/typescript/src/index";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";

let api: TestApi;
let co: TestCompany;
let typed: ClienteleClient;

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Typed client");
  typed = createClienteleClient({ baseUrl: api.baseUrl, token: () => co.admin });
});
afterAll(() => api.close());

const packageFile = (path: string) =>
  readFileSync(new URL(`../../clients/typescript/${path}`, import.meta.url), "utf8");

describe("the typed client package", () => {
  it("holds the types generated from the document /openapi.json serves today", async () => {
    const served = (await api.request("GET", "/openapi.json")).body;
    // `npm run client:generate` rewrites the file; this fails until it is run after a contract change.
    expect(readFileSync(TYPES_FILE, "utf8")).toBe(await generateTypes(served));
  });

  it("shows in its README the very example this test runs", () => {
    const readme = packageFile("README.md");
    const block = /<!-- example: examples\/quickstart\.ts -->\s*```ts\n([\s\S]*?)```/.exec(readme);
    expect(block?.[1]).toBe(packageFile("examples/quickstart.ts"));
  });

  it("runs the README example: sign in, create with an Idempotency-Key, page through browse, handle a 422", async () => {
    jest.spyOn(console, "log").mockImplementation(() => {});
    for (const lastName of ["Babbage", "Somerville"]) {
      expect((await typed.POST("/v1/clients", { body: clientBody({ lastName }) as never })).response.status).toBe(201);
    }
    const result = await quickstart({
      baseUrl: api.baseUrl,
      username: co.adminUsername,
      password: TEST_PASSWORD,
      pageSize: 2,
    });
    expect(result.seen.map((line) => line.split(" ")[1])).toEqual(["Babbage,", "Lovelace,", "Somerville,"]);
    expect(result.invalidFields.sort()).toEqual(["country", "email"]);

    const again = await typed.POST("/v1/clients", {
      params: { header: { "idempotency-key": result.idempotencyKey } },
      body: {
        firstName: "Ada",
        lastName: "Lovelace",
        email: "other@example.com",
        country: "GB",
        generatePassword: true,
      },
    });
    expect(again.response.status).toBe(422);
    expect(isProblem(again.error) && again.error.type).toMatch(/\/idempotency-key-reused$/);
  });

  it("creates, patches, browses, searches and deletes a client through openapi-fetch", async () => {
    const surname = `Hopper${randomUUID().slice(0, 6)}`;
    const created = await typed.POST("/v1/clients", {
      params: { header: { "idempotency-key": randomUUID() } },
      body: {
        firstName: "Grace",
        lastName: surname,
        email: `${surname}@example.com`,
        country: "US",
        password: TEST_PASSWORD,
      },
    });
    expect(created.response.status).toBe(201);
    const client = created.data!;

    const patched = await typed.PATCH("/v1/clients/{clientId}", {
      params: { path: { clientId: client.id }, header: { "if-match": created.response.headers.get("etag")! } },
      body: { company: "Navy" },
    });
    expect(patched.data).toMatchObject({ id: client.id, company: "Navy", version: client.version + 1 });

    const stale = await typed.PATCH("/v1/clients/{clientId}", {
      params: { path: { clientId: client.id }, header: { "if-match": created.response.headers.get("etag")! } },
      body: { company: "Army" },
    });
    expect(stale.response.status).toBe(412);

    const browsed = await typed.GET("/v1/clients", {
      params: { query: { sort: "company", order: "desc", limit: 100 } },
    });
    expect(browsed.data?.items.find((item) => item.id === client.id)?.company).toBe("Navy");

    const found = await typed.GET("/v1/clients/search", { params: { query: { q: `grace ${surname}` } } });
    expect(found.data?.items.map((item) => item.id)).toEqual([client.id]);

    const deleted = await typed.DELETE("/v1/clients/{clientId}", { params: { path: { clientId: client.id } } });
    expect(deleted.response.status).toBe(204);
    const gone = await typed.GET("/v1/clients/{clientId}", { params: { path: { clientId: client.id } } });
    expect(gone.response.status).toBe(404);
    expect(isProblem(gone.error) && gone.error.status).toBe(404);
  });
});
