import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, type TestCompany } from "../helpers/companies";

let api: TestApi;
let co: TestCompany;

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Settings");
});
afterAll(() => api.close());

describe("client groups", () => {
  it("starts with General, which can be renamed but never deleted", async () => {
    const list = await api.request("GET", "/v1/client-groups", { token: co.staff });
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    const general = list.body.items.find((g: { isDefault: boolean }) => g.isDefault);
    expect(general.name).toBe("General");
    const renamed = await api.request("PATCH", `/v1/client-groups/${general.id}`, {
      token: co.admin,
      body: { name: "Everyone" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe("Everyone");
    const del = await api.request("DELETE", `/v1/client-groups/${general.id}`, { token: co.admin });
    expect(del.status).toBe(409);
    expect(del.body.type).toMatch(/\/default-group$/);
  });

  it("creates a group with settings checked against the company, admin only", async () => {
    const body = {
      name: "Resellers",
      color: "#1f6feb",
      settings: { defaultCurrency: "EUR", taxExemptByDefault: true, allowSignup: false },
    };
    expect((await api.request("POST", "/v1/client-groups", { token: co.staff, body })).status).toBe(403);
    const refused = await api.request("POST", "/v1/client-groups", { token: co.admin, body });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].path).toBe("settings.defaultCurrency");
    await api.request("PATCH", "/v1/company", { token: co.admin, body: { currencies: ["USD", "EUR"] } });
    const made = await api.request("POST", "/v1/client-groups", { token: co.admin, body });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      name: "Resellers",
      color: "#1f6feb",
      isDefault: false,
      settings: { defaultCurrency: "EUR", taxExemptByDefault: true },
    });
    const badColour = await api.request("POST", "/v1/client-groups", {
      token: co.admin,
      body: { name: "X", color: "red" },
    });
    expect(badColour.body.errors[0].path).toBe("color");
  });

  it("refuses to delete a group that still has clients, then deletes it once empty", async () => {
    const group = (await api.request("POST", "/v1/client-groups", { token: co.admin, body: { name: "Temp" } })).body;
    const client = await api.request("POST", "/v1/clients", {
      token: co.staff,
      body: clientBody({ groupId: group.id }),
    });
    expect(client.status).toBe(201);
    expect((await api.request("DELETE", `/v1/client-groups/${group.id}`, { token: co.admin })).status).toBe(409);
    const general = (await api.request("GET", "/v1/client-groups", { token: co.staff })).body.items.find(
      (g: { isDefault: boolean }) => g.isDefault,
    );
    const moved = await api.request("PATCH", `/v1/clients/${client.body.id}`, {
      token: co.staff,
      body: { groupId: general.id },
    });
    expect(moved.status).toBe(200);
    expect((await api.request("DELETE", `/v1/client-groups/${group.id}`, { token: co.admin })).status).toBe(204);
    expect((await api.request("GET", `/v1/client-groups/${group.id}`, { token: co.staff })).status).toBe(404);
  });
});

describe("custom fields", () => {
  let groupId: string;
  beforeAll(async () => {
    groupId = (await api.request("POST", "/v1/client-groups", { token: co.admin, body: { name: "Fields" } })).body.id;
  });

  it("defines fields of each type and rejects inconsistent definitions", async () => {
    const select = await api.request("POST", `/v1/client-groups/${groupId}/custom-fields`, {
      token: co.admin,
      body: { name: "Plan", type: "select", options: ["basic", "pro"], required: true },
    });
    expect(select.status).toBe(201);
    expect(select.body).toMatchObject({
      groupId,
      type: "select",
      options: ["basic", "pro"],
      required: true,
      encrypted: false,
    });
    const noOptions = await api.request("POST", `/v1/client-groups/${groupId}/custom-fields`, {
      token: co.admin,
      body: { name: "P", type: "select" },
    });
    expect(noOptions.body.errors[0].path).toBe("options");
    const badDefault = await api.request("POST", `/v1/client-groups/${groupId}/custom-fields`, {
      token: co.admin,
      body: { name: "P", type: "select", options: ["a"], default: "b" },
    });
    expect(badDefault.body.errors[0].path).toBe("default");
    const list = await api.request("GET", `/v1/client-groups/${groupId}/custom-fields`, { token: co.staff });
    expect(list.body.items.map((f: { name: string }) => f.name)).toEqual(["Plan"]);
  });

  it("rejects, when the field is defined, a pattern RE2 or JavaScript cannot compile, saying why", async () => {
    const cases: [string, RegExp][] = [
      ["(\\w)\\1", /linear-time engine/],
      ["(?=a)b", /linear-time engine/],
      ["(?<!a)b", /linear-time engine/],
      ["(?i)abc", /JavaScript/],
      ["([a-z", /Not a valid regular expression/],
    ];
    for (const [regex, message] of cases) {
      const res = await api.request("POST", `/v1/client-groups/${groupId}/custom-fields`, {
        token: co.admin,
        body: { name: "Code", type: "text", regex },
      });
      expect({ regex, status: res.status }).toEqual({ regex, status: 422 });
      expect(res.body.errors[0].path).toBe("regex");
      expect(res.body.errors[0].message).toMatch(message);
    }
  });

  it("takes a pattern that backtracks exponentially elsewhere: RE2 matches it in linear time", async () => {
    const res = await api.request("POST", `/v1/client-groups/${groupId}/custom-fields`, {
      token: co.admin,
      body: { name: "Backtracker", type: "text", regex: "(a|a)*b" },
    });
    expect(res.status).toBe(201);
    await api.request("DELETE", `/v1/custom-fields/${res.body.id}`, { token: co.admin });
  });

  it("changes and deletes a field, but never its encryption", async () => {
    const field = (
      await api.request("POST", `/v1/client-groups/${groupId}/custom-fields`, {
        token: co.admin,
        body: { name: "Note", type: "text" },
      })
    ).body;
    const patched = await api.request("PATCH", `/v1/custom-fields/${field.id}`, {
      token: co.admin,
      body: { name: "Notes", type: "textarea" },
    });
    expect(patched.body).toMatchObject({ name: "Notes", type: "textarea", version: 2 });
    const encrypt = await api.request("PATCH", `/v1/custom-fields/${field.id}`, {
      token: co.admin,
      body: { encrypted: true },
    });
    expect(encrypt.body.errors[0].path).toBe("encrypted");
    expect((await api.request("DELETE", `/v1/custom-fields/${field.id}`, { token: co.admin })).status).toBe(204);
    expect((await api.request("DELETE", `/v1/custom-fields/${field.id}`, { token: co.admin })).status).toBe(404);
  });
});

describe("email templates", () => {
  it("has the English registration template and lets an admin write others in offered languages", async () => {
    const en = await api.request("GET", "/v1/email-templates/account-registration/en", { token: co.staff });
    expect(en.status).toBe(200);
    expect(en.body.subject).toContain("{{company.name}}");
    const body = {
      subject: "Bienvenue {{client.firstName}}",
      text: "Identifiant : {{client.username}}",
      html: "<p>{{client.username}}</p>",
    };
    const notOffered = await api.request("PUT", "/v1/email-templates/account-registration/fr", {
      token: co.admin,
      body,
    });
    expect(notOffered.status).toBe(422);
    await api.request("PATCH", "/v1/company", { token: co.admin, body: { languages: ["en", "fr"] } });
    const fr = await api.request("PUT", "/v1/email-templates/account-registration/fr", { token: co.admin, body });
    expect(fr.status).toBe(200);
    expect(
      (await api.request("GET", "/v1/email-templates/account-registration/fr", { token: co.staff })).body.subject,
    ).toBe(body.subject);
    const unknown = await api.request("PUT", "/v1/email-templates/account-registration/fr", {
      token: co.admin,
      body: { ...body, text: "Your password: {{client.password}}" },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe("text");
    expect((await api.request("GET", "/v1/email-templates/nope/en", { token: co.staff })).status).toBe(422);
  });
});
