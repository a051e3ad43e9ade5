import { AdminCreateUserCommand, AdminDeleteUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { SendEmailCommand } from "@aws-sdk/client-ses";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { cognito } from "../../lib/identity/cognito-client";
import { ses } from "../../lib/mail/ses-client";
import { db } from "../../lib/store/client";
import { TestApi } from "../helpers/api";
import { clientUsersOf } from "../helpers/cognito";
import { clientBody, createTestCompany, type TestCompany } from "../helpers/companies";
import { failCommands, isA } from "../helpers/faults";
import { emailsTo, eventually, startMailerFor } from "../helpers/mail";
import { scanTable, tableDump } from "../helpers/table";

let api: TestApi;
let co: TestCompany;

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Consistency");
});
afterAll(() => api.close());

const create = (body: Record<string, unknown>, key?: string) =>
  api.request("POST", "/v1/clients", { token: co.staff, body, headers: key ? { "idempotency-key": key } : {} });

/** The company's live clients and username claims, straight from the table. */
async function storedState(username: string) {
  const items = await scanTable();
  return {
    clients: items.filter((i) => i.itemType === "client" && i.companyId === co.companyId && i.username === username),
    usernames: items.filter((i) => i.itemType === "username" && i.pk === `USERNAME#${username.toLowerCase()}`),
  };
}

/** Creation writes the table, then Cognito, then the table: transactions only (Cognito's create is the one AdminCreateUser). */
const isFinalize = (command: unknown) =>
  command instanceof TransactWriteCommand &&
  JSON.stringify(command.input).includes('"ConditionExpression":"pending = :true"') &&
  !JSON.stringify(command.input).includes('"Delete"');

describe("50 concurrent creates with one username", () => {
  it("create exactly one client and one Cognito user; the others get 409", async () => {
    const username = `race-${Date.now()}`;
    const results = await Promise.all(Array.from({ length: 50 }, () => create(clientBody({ username }))));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = results.find((r) => r.status === 201)!.body;
    const users = await clientUsersOf(co.companyId);
    expect(users.filter((u) => u === winner.id)).toHaveLength(1);
    const state = await storedState(username);
    expect(state.clients).toHaveLength(1);
    expect(state.usernames).toHaveLength(1);
  });
});

describe("failures between the table and Cognito", () => {
  it("Cognito failing at create leaves no client, no user, and the username free", async () => {
    const before = await clientUsersOf(co.companyId);
    const username = `cognito-down-${Date.now()}`;
    const fault = failCommands(cognito(), isA(AdminCreateUserCommand));
    const res = await create(clientBody({ username }));
    fault.restore();
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(JSON.stringify(res.body)).not.toContain("injected");
    expect(await storedState(username)).toEqual({ clients: [], usernames: [] });
    expect(await clientUsersOf(co.companyId)).toEqual(before);
    expect((await create(clientBody({ username }))).status).toBe(201);
  });

  it("the table write failing after Cognito undoes the user; a retry with the key completes", async () => {
    const before = await clientUsersOf(co.companyId);
    const username = `table-down-${Date.now()}`;
    const key = `retry-${username}`;
    const body = clientBody({ username, sendRegistrationEmail: false });
    const fault = failCommands(db(), isFinalize);
    const failed = await create(body, key);
    fault.restore();
    expect(failed.status).toBe(500);
    expect(await storedState(username)).toEqual({ clients: [], usernames: [] });
    expect(await clientUsersOf(co.companyId)).toEqual(before);

    const retried = await create(body, key);
    expect(retried.status).toBe(201);
    expect((await storedState(username)).clients).toHaveLength(1);
    expect((await clientUsersOf(co.companyId)).filter((u) => !before.includes(u))).toEqual([retried.body.id]);
  });

  it("a crash that also stops the undo is finished by a retry with the same key: both exist, once", async () => {
    const before = await clientUsersOf(co.companyId);
    const username = `crash-${Date.now()}`;
    const key = `crash-${username}`;
    const body = clientBody({ username });
    const tableFault = failCommands(db(), isFinalize);
    const undoFault = failCommands(cognito(), isA(AdminDeleteUserCommand));
    expect((await create(body, key)).status).toBe(500);
    tableFault.restore();
    undoFault.restore();
    // Left behind: a pending client (invisible, its username held by a lease) and its Cognito user.
    const pending = (await storedState(username)).clients;
    expect(pending).toHaveLength(1);
    expect(pending[0]!.pending).toBe(true);
    expect((await api.request("GET", `/v1/clients/${pending[0]!.id}`, { token: co.staff })).status).toBe(404);

    const retried = await create(body, key);
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(pending[0]!.id);
    expect(retried.body.number).toBe(pending[0]!.number);
    const state = await storedState(username);
    expect(state.clients).toHaveLength(1);
    expect(state.clients[0]!.pending).toBeUndefined();
    expect((await clientUsersOf(co.companyId)).filter((u) => !before.includes(u))).toEqual([retried.body.id]);
  });
});

describe("the registration email", () => {
  it("is sent once through the outbox, greets by name, gives the username, never a password; SES failing twice is retried", async () => {
    const mailer = await startMailerFor(co.companyId);
    const fault = failCommands(ses(), isA(SendEmailCommand), 2);
    try {
      const body = clientBody({
        firstName: "Zoë",
        lastName: "Ørsted",
        password: undefined,
        generatePassword: true,
        sendRegistrationEmail: true,
      });
      const res = await create(body);
      expect(res.status).toBe(201);
      const emails = await eventually(
        () => emailsTo(res.body.email),
        (list) => list.length > 0,
      );
      expect(fault.remaining).toBe(0);
      // Give a redelivery the chance to send twice, then check it did not.
      await new Promise((r) => setTimeout(r, 1500));
      expect(await emailsTo(res.body.email)).toHaveLength(1);
      const [email] = emails;
      expect(email!.subject).toContain("Zoë");
      expect(email!.body.text).toContain("Zoë Ørsted");
      expect(email!.body.text).toContain(res.body.username);
      expect(email!.body.html).toContain(res.body.username);
      expect(JSON.stringify(email)).not.toContain(res.body.generatedPassword);
    } finally {
      fault.restore();
      await mailer.stop();
    }
  });

  it("uses the template of the client's language, falling back to the company default", async () => {
    await api.request("PATCH", "/v1/company", { token: co.admin, body: { languages: ["en", "fr", "de"] } });
    await api.request("PUT", "/v1/email-templates/account-registration/fr", {
      token: co.admin,
      body: {
        subject: "Bienvenue {{client.firstName}}",
        text: "Identifiant : {{client.username}}",
        html: "<p>{{client.username}} & {{client.lastName}}</p>",
      },
    });
    const mailer = await startMailerFor(co.companyId);
    try {
      const fr = await create(clientBody({ language: "fr", lastName: "<b>Curie</b>", sendRegistrationEmail: true }));
      const de = await create(clientBody({ language: "de", sendRegistrationEmail: true }));
      const [frMail] = await eventually(
        () => emailsTo(fr.body.email),
        (l) => l.length > 0,
      );
      const [deMail] = await eventually(
        () => emailsTo(de.body.email),
        (l) => l.length > 0,
      );
      expect(frMail!.subject).toBe("Bienvenue Ada");
      expect(frMail!.body.html).toContain("&lt;b&gt;Curie&lt;/b&gt;");
      expect(deMail!.subject).toMatch(/^Welcome to/);
    } finally {
      await mailer.stop();
    }
  });
});

describe("secrets", () => {
  it("no password appears in any table item", async () => {
    const typed = "Typed-Secret-Passw0rd";
    await create(clientBody({ password: typed, sendRegistrationEmail: true }));
    const generated = (await create(clientBody({ password: undefined, generatePassword: true }))).body
      .generatedPassword;
    const dump = await tableDump();
    expect(dump).not.toContain(typed);
    expect(dump).not.toContain(generated);
  });
});
