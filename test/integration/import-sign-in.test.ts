import { randomBytes } from "node:crypto";
import { TestApi } from "../helpers/api";
import { clientUsersOf } from "../helpers/cognito";
import { createTestCompany, type TestCompany } from "../helpers/companies";
import { startImporterFor } from "../helpers/importer";
import { companyViolations } from "../helpers/invariants";
import { emailedToken } from "../helpers/links";
import { startMailerFor } from "../helpers/mail";
import { startPasswordResetsFor } from "../helpers/password-resets";

/*
 * Imported clients have no password, so the import opens no sign-in account
 * for them: the first password set (their reset link, or staff) creates it.
 * Until then every path that touches a client's account works without one.
 */

let api: TestApi;
let co: TestCompany;
let workers: { stop(): Promise<void> }[];

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Import sign-in");
  workers = [
    await startImporterFor([co.companyId]),
    await startMailerFor(co.companyId),
    await startPasswordResetsFor([co.companyId]),
  ];
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await api.close();
});

const password = () => `Imported-Passw0rd-${randomBytes(4).toString("hex")}`;
const login = (username: string, pass: string) =>
  api.request("POST", "/v1/auth/clients/login", { body: { username, password: pass } });

/** Imports clients named `<name>-<run>@example.com`, one per name; answers them by name. */
async function imported(...names: string[]) {
  const run = randomBytes(4).toString("hex");
  const csv = [
    "firstName,lastName,email,country",
    ...names.map((n) => `${n},Imported${run},${n}-${run}@example.com,GB`),
  ];
  const started = await api.send(
    "POST",
    new URL(`${api.baseUrl}/v1/imports`),
    { authorization: `Bearer ${co.admin}`, "content-type": "text/csv" },
    csv.join("\n"),
  );
  expect(started.status).toBe(202);
  const importId = JSON.parse(started.text).importId;
  for (let job = { status: "queued" }; !["done", "failed"].includes(job.status); ) {
    await new Promise((r) => setTimeout(r, 200));
    job = (await api.request("GET", `/v1/imports/${importId}`, { token: co.admin })).body;
  }
  const found = await api.request("GET", `/v1/clients/search?q=imported${run}`, { token: co.staff });
  expect(found.body.items).toHaveLength(names.length);
  return Object.fromEntries(
    (found.body.items as { id: string; email: string }[]).map((c) => [c.email.split("-")[0], c]),
  ) as Record<string, { id: string; email: string }>;
}

describe("an imported client's sign-in account", () => {
  it("does not exist until a password is set: sign-in fails like a wrong password, and the data stays whole", async () => {
    const { ada } = await imported("ada");
    expect(await clientUsersOf(co.companyId)).not.toContain(ada!.id);
    const refused = await login(ada!.email, password());
    expect(refused.status).toBe(401);
    expect(await companyViolations(co.companyId)).toEqual([]);
  });

  it("is opened by the reset link: the new password signs in and the client reaches its own data", async () => {
    const { grace } = await imported("grace");
    expect(
      (await api.request("POST", "/v1/auth/clients/forgot-password", { body: { username: grace!.email } })).status,
    ).toBe(202);
    const token = await emailedToken(grace!.email, "reset-password");
    const chosen = password();
    const reset = await api.request("POST", "/v1/auth/clients/reset-password", {
      body: { token, newPassword: chosen },
    });
    expect(reset.status).toBe(204);
    const signedIn = await login(grace!.email, chosen);
    expect(signedIn.status).toBe(200);
    const me = await api.request("GET", "/v1/me", { token: signedIn.body.idToken });
    expect(me.body).toMatchObject({ id: grace!.id, email: grace!.email });
    expect(me.body).not.toHaveProperty("signInDeferred");
    const history = await api.request("GET", `/v1/clients/${grace!.id}/history`, { token: co.staff });
    expect(history.body.items.map((e: { type: string }) => e.type)).toContain("password-changed");
    expect(await companyViolations(co.companyId)).toEqual([]);
  });

  it("is opened by staff setting a password, disabled when the client is not active, and follows status changes", async () => {
    const { alan, edsger } = await imported("alan", "edsger");
    const set = await api.request("POST", `/v1/clients/${alan!.id}/password`, {
      token: co.staff,
      body: { generate: true },
    });
    expect(set.status).toBe(200);
    expect((await login(alan!.email, set.body.generatedPassword)).status).toBe(200);

    // Suspended before it has an account: the status changes, and a password set later opens a disabled one.
    const suspended = await api.request("POST", `/v1/clients/${edsger!.id}/status`, {
      token: co.staff,
      body: { status: "inactive" },
    });
    expect(suspended.status).toBe(200);
    const chosen = password();
    const setLater = await api.request("POST", `/v1/clients/${edsger!.id}/password`, {
      token: co.staff,
      body: { password: chosen },
    });
    expect(setLater.status).toBe(204);
    expect((await login(edsger!.email, chosen)).status).not.toBe(200);
    const active = await api.request("POST", `/v1/clients/${edsger!.id}/status`, {
      token: co.staff,
      body: { status: "active" },
    });
    expect(active.status).toBe(200);
    expect((await login(edsger!.email, chosen)).status).toBe(200);
    expect(await companyViolations(co.companyId)).toEqual([]);
  });

  it("is not needed to delete or anonymise the client", async () => {
    const { barbara, donald } = await imported("barbara", "donald");
    const read = await api.request("GET", `/v1/clients/${barbara!.id}`, { token: co.staff });
    expect(read.body).not.toHaveProperty("signInDeferred");
    const deleted = await api.request("DELETE", `/v1/clients/${barbara!.id}`, { token: co.admin });
    expect(deleted.status).toBe(204);
    expect((await api.request("GET", `/v1/clients/${barbara!.id}`, { token: co.staff })).status).toBe(404);
    const anonymised = await api.request("POST", `/v1/clients/${donald!.id}/anonymise`, { token: co.admin });
    expect(anonymised.status).toBe(200);
    expect(anonymised.body.anonymisedAt).toEqual(expect.any(String));
    expect(await companyViolations(co.companyId)).toEqual([]);
  });
});
