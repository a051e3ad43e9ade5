import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { SendEmailCommand } from "@aws-sdk/client-ses";
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../../lib/config";
import { cognito } from "../../lib/identity/cognito-client";
import { ses } from "../../lib/mail/ses-client";
import { db, tableName } from "../../lib/store/client";
import { keys } from "../../lib/store/keys";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { failCommands, isA } from "../helpers/faults";
import { companyViolations } from "../helpers/invariants";
import { emailsTo, eventually, startMailerFor } from "../helpers/mail";
import { scanTable } from "../helpers/table";

/**
 * Every step of create, status change and the mailer failing once, then a
 * retry: it converges, and leaves no orphan user, item or email, and no email
 * twice. Steps that test/integration already breaks are not repeated here:
 * clients-consistency (Cognito create, the finalize transaction, a crash
 * that also stops the undo, SES failing within its retries) and
 * lifecycle-delete (every step of a delete).
 */

let api: TestApi;
let co: TestCompany;

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Faults");
});
afterAll(() => api.close());

type Target = Parameters<typeof failCommands>[0];
type Step = [name: string, target: () => Target, matches: (command: unknown) => boolean];

const inputOf = (command: unknown) => JSON.stringify((command as { input?: unknown }).input ?? {});
const keyOf = (command: unknown) => (command as { input?: { Key?: { pk?: string; sk?: string } } }).input?.Key;
/** Only the n-th command that `matches` (from 1): for a step that sends the same command as an earlier one. */
function nth(matches: (command: unknown) => boolean, n: number) {
  let seen = 0;
  return (command: unknown) => matches(command) && ++seen === n;
}
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const create = (body: Record<string, unknown>, key: string) =>
  api.request("POST", "/v1/clients", { token: co.staff, body, headers: { "idempotency-key": key } });

function expectServerError(res: { status: number; headers: Headers; body: unknown }) {
  expect(res.status).toBe(500);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(JSON.stringify(res.body)).not.toContain("injected");
}

async function companyItems() {
  return (await scanTable()).filter((i) => String(i.pk).startsWith(`CO#${co.companyId}`));
}

/** Everything in one client's partition: a Query, so cheap enough to poll. */
async function partition(clientId: string): Promise<Record<string, unknown>[]> {
  const { pk } = keys.clientPartition(co.companyId, clientId);
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": pk },
      ConsistentRead: true,
    }),
  );
  return page.Items ?? [];
}

const outboxOf = async (clientId: string) => (await partition(clientId)).filter((i) => i.itemType === "outbox");

describe("create: each step failing once, then a retry with the same Idempotency-Key", () => {
  const isCompanyRead = (c: unknown) => c instanceof GetCommand && keyOf(c)?.pk === `CO#${co.companyId}`;
  const steps: Step[] = [
    ["reading the company settings", db, isCompanyRead],
    ["allocating the client number", db, (c) => c instanceof UpdateCommand && keyOf(c)?.sk === "COUNTER#client"],
    [
      "reserving the client and username",
      db,
      (c) => c instanceof TransactWriteCommand && inputOf(c).includes("attribute_not_exists(pk) OR pending = :true"),
    ],
    ["setting the Cognito password", cognito, isA(AdminSetUserPasswordCommand)],
    ["reading the Cognito subject", cognito, isA(AdminGetUserCommand)],
    [
      "recording the idempotent response",
      db,
      (c) => c instanceof UpdateCommand && inputOf(c).includes('"#state":"state"') && inputOf(c).includes(":done"),
    ],
  ];

  it.each(steps)(
    "failing at %s: 500, then one client with its username, outbox and account",
    async (_, target, matches) => {
      const username = `fault-${unique()}`;
      const body = clientBody({ username, sendRegistrationEmail: true });
      const fault = failCommands(target(), matches);
      const failed = await create(body, `key-${username}`);
      fault.restore();
      expect(fault.remaining).toBe(0);
      expectServerError(failed);

      const retried = await create(body, `key-${username}`);
      expect(retried.status).toBe(201);
      const { Item: claim } = await db().send(
        new GetCommand({ TableName: tableName(), Key: keys.username(username), ConsistentRead: true }),
      );
      expect(claim).toMatchObject({ clientId: retried.body.id });
      expect(await outboxOf(retried.body.id)).toHaveLength(1);
      // The account works: the password given is the one Cognito holds.
      expect(await api.login("clients", username, TEST_PASSWORD)).toEqual(expect.any(String));
    },
  );

  it("undoing a failed create also failing: the retry finishes the pending client", async () => {
    const username = `fault-${unique()}`;
    const body = clientBody({ username });
    const finalize = failCommands(
      db(),
      (c) => c instanceof TransactWriteCommand && inputOf(c).includes('"ConditionExpression":"pending = :true"'),
      2,
    );
    expectServerError(await create(body, `key-${username}`));
    finalize.restore();
    // The finalize and the undo's discard both failed: a pending client is left, its user already deleted.
    expect(finalize.remaining).toBe(0);
    const retried = await create(body, `key-${username}`);
    expect(retried.status).toBe(201);
    expect((await partition(retried.body.id)).find((i) => i.sk === "PROFILE")?.pending).toBeUndefined();
  });
});

describe("idempotent creates: a crash after the write, before the Idempotency-Key's record completes", () => {
  const isRecordCompletion = (c: unknown) =>
    c instanceof UpdateCommand && inputOf(c).includes('"#state":"state"') && inputOf(c).includes(":done");

  /** The first attempt writes and then fails (as a crash would); the retry uses the same key and body. */
  async function crashThenRetry(method: string, path: string, body: Record<string, unknown> | undefined) {
    const key = `crash-${unique()}`;
    const send = () => api.request(method, path, { token: co.admin, body, headers: { "idempotency-key": key } });
    const fault = failCommands(db(), isRecordCompletion);
    const failed = await send();
    fault.restore();
    expect(fault.remaining).toBe(0);
    expectServerError(failed);
    return send();
  }

  it("a client group: the retry answers the group the first attempt wrote, and there is one", async () => {
    const name = `Crash ${unique()}`;
    const retried = await crashThenRetry("POST", "/v1/client-groups", { name });
    expect(retried.status).toBe(201);
    const groups = await api.request("GET", "/v1/client-groups", { token: co.admin });
    expect(groups.body.items.filter((g: { name: string }) => g.name === name)).toEqual([
      expect.objectContaining({ id: retried.body.id, name }),
    ]);
  });

  it("a custom field: the retry answers the field the first attempt wrote, and there is one", async () => {
    const group = await api.request("POST", "/v1/client-groups", { token: co.admin, body: { name: `F ${unique()}` } });
    const path = `/v1/client-groups/${group.body.id}/custom-fields`;
    const retried = await crashThenRetry("POST", path, { name: "Passport", type: "text", encrypted: true });
    expect(retried.status).toBe(201);
    const fields = await api.request("GET", path, { token: co.admin });
    expect(fields.body.items.map((f: { id: string }) => f.id)).toEqual([retried.body.id]);
  });

  it("resending the registration email: one message queued, one email sent", async () => {
    const made = await api.request("POST", "/v1/clients", { token: co.staff, body: clientBody() });
    expect(made.status).toBe(201);
    const retried = await crashThenRetry("POST", `/v1/clients/${made.body.id}/registration-email`, undefined);
    expect(retried.status).toBe(202);
    expect(await outboxOf(made.body.id)).toHaveLength(1);
    const mailer = await startMailerFor(co.companyId);
    try {
      await eventually(
        () => outboxOf(made.body.id),
        (items) => items.every((i) => i.status === "sent"),
        20_000,
      );
    } finally {
      await mailer.stop();
    }
    expect(await emailsTo(made.body.email)).toHaveLength(1);
    const history = await api.request("GET", `/v1/clients/${made.body.id}/history?limit=100`, { token: co.staff });
    expect(history.body.items.filter((e: { type: string }) => e.type === "email-queued")).toHaveLength(1);
  }, 45_000);
});

describe("status change: each step failing once, then the same change again", () => {
  const clientPool = () => config().clientPool.userPoolId;
  const isClientRead = (id: () => string) => (c: unknown) =>
    c instanceof GetCommand && keyOf(c)?.pk === `CO#${co.companyId}#CL#${id()}` && keyOf(c)?.sk === "PROFILE";

  let clientId = "";
  let username = "";
  beforeEach(async () => {
    username = `status-${unique()}`;
    const res = await api.request("POST", "/v1/clients", { token: co.staff, body: clientBody({ username }) });
    clientId = res.body.id;
  });

  const changeStatus = (status: string) =>
    api.request("POST", `/v1/clients/${clientId}/status`, { token: co.staff, body: { status, reason: "faults" } });

  async function cognitoEnabled(): Promise<boolean> {
    const user = await cognito().send(new AdminGetUserCommand({ UserPoolId: clientPool(), Username: clientId }));
    return user.Enabled ?? false;
  }

  async function statusEvents(): Promise<unknown[]> {
    const history = await api.request("GET", `/v1/clients/${clientId}/history?limit=100`, { token: co.staff });
    return history.body.items.filter((e: { type: string }) => e.type === "status-changed");
  }

  const deactivation: Step[] = [
    ["reading the client", db, isClientRead(() => clientId)],
    [
      "writing the status and history",
      db,
      (c) => c instanceof TransactWriteCommand && inputOf(c).includes('"status":"fraud"'),
    ],
    ["disabling the Cognito user", cognito, isA(AdminDisableUserCommand)],
    ["signing the client out everywhere", cognito, isA(AdminUserGlobalSignOutCommand)],
    [
      "re-reading the status after Cognito",
      db,
      nth(
        isClientRead(() => clientId),
        2,
      ),
    ],
  ];

  it.each(deactivation)(
    "marking fraud, failing at %s: converges on a disabled account and one event",
    async (_, target, matches) => {
      const fault = failCommands(target(), matches);
      const first = await changeStatus("fraud");
      fault.restore();
      expect(fault.remaining).toBe(0);
      // Global sign-out is best effort (the API refuses old tokens itself), so its failure does not fail the request.
      if (first.status !== 200) expectServerError(first);
      expect((await changeStatus("fraud")).status).toBe(200);
      expect(await cognitoEnabled()).toBe(false);
      expect(await statusEvents()).toHaveLength(1);
      await expect(api.login("clients", username, TEST_PASSWORD)).rejects.toThrow();
    },
  );

  it("reactivating, failing at enabling the Cognito user: converges on an enabled account", async () => {
    expect((await changeStatus("inactive")).status).toBe(200);
    const fault = failCommands(cognito(), isA(AdminEnableUserCommand));
    expectServerError(await changeStatus("active"));
    fault.restore();
    // The status is recorded before Cognito follows: sign-in is decided by the table, so it already works.
    expect((await changeStatus("active")).status).toBe(200);
    expect(await cognitoEnabled()).toBe(true);
    expect(await statusEvents()).toHaveLength(2);
    expect(await api.login("clients", username, TEST_PASSWORD)).toEqual(expect.any(String));
  });
});

describe("the mailer: each step failing once", () => {
  const isMessageUpdate = (value: string) => (c: unknown) =>
    c instanceof UpdateCommand && String(keyOf(c)?.sk).startsWith("OUTBOX#") && inputOf(c).includes(value);
  const isOwnRead = (sk: (key: { pk?: string; sk?: string }) => boolean) => (c: unknown) =>
    c instanceof GetCommand && String(keyOf(c)?.pk).startsWith(`CO#${co.companyId}`) && sk(keyOf(c) ?? {});
  // [step, client, command, how many times in a row]
  const steps: [...Step, number][] = [
    ["claiming the message", db, isMessageUpdate('":sending":"sending"'), 1],
    ["reading the client", db, isOwnRead((k) => k.sk === "PROFILE"), 1],
    ["reading the company", db, isOwnRead((k) => k.sk === "META"), 1],
    ["reading the template", db, isOwnRead((k) => String(k.sk).startsWith("TPL#")), 1],
    ["SES, every attempt of one delivery", ses, isA(SendEmailCommand), 4],
    ["marking it sent", db, (c) => c instanceof TransactWriteCommand && inputOf(c).includes('":sent":"sent"'), 1],
  ];

  it.each(steps)(
    "failing at %s: the email is sent exactly once and recorded",
    async (_, target, matches, times) => {
      const res = await api.request("POST", "/v1/clients", {
        token: co.staff,
        body: clientBody({ sendRegistrationEmail: true }),
      });
      expect(res.status).toBe(201);
      const fault = failCommands(target(), matches, times);
      const mailer = await startMailerFor(co.companyId);
      try {
        const settled = await eventually(
          () => outboxOf(res.body.id),
          (items) => items.every((i) => i.status === "sent"),
          20_000,
        );
        expect(fault.remaining).toBe(0);
        expect(settled.map((i) => i.status)).toEqual(["sent"]);
      } finally {
        await mailer.stop();
        fault.restore();
      }
      // Sent is final: no delivery sends a message marked sent, so the count cannot grow after this.
      expect(await emailsTo(res.body.email)).toHaveLength(1);
      const history = await api.request("GET", `/v1/clients/${res.body.id}/history?limit=100`, { token: co.staff });
      expect(history.body.items.filter((e: { type: string }) => e.type === "email-sent")).toHaveLength(1);
    },
    45_000,
  );
});

describe("afterwards: nothing left over", () => {
  it("every registration email of the company went out exactly once", async () => {
    const mailer = await startMailerFor(co.companyId);
    try {
      const outbox = () => companyItems().then((items) => items.filter((i) => i.itemType === "outbox"));
      const settled = await eventually(outbox, (items) => items.every((i) => i.status === "sent"), 20_000);
      expect(settled.filter((i) => i.status !== "sent")).toEqual([]);
    } finally {
      await mailer.stop();
    }
    const clients = (await companyItems()).filter((i) => i.itemType === "client" && i.sk === "PROFILE");
    const withEmail = new Set(
      (await companyItems()).filter((i) => i.itemType === "outbox").map((i) => i.clientId as string),
    );
    for (const client of clients.filter((c) => withEmail.has(c.id as string))) {
      expect({ client: client.id, emails: (await emailsTo(client.email as string)).length }).toEqual({
        client: client.id,
        emails: 1,
      });
    }
    expect(await companyViolations(co.companyId)).toEqual([]);
  }, 45_000);
});
