import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  UserNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { config } from "../../lib/config";
import { cognito } from "../../lib/identity/cognito-client";
import { db, tableName } from "../../lib/store/client";
import { keys } from "../../lib/store/keys";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { failCommands, isA } from "../helpers/faults";
import { scanTable } from "../helpers/table";

let api: TestApi;
let co: TestCompany;
let other: TestCompany;
let generalId: string;
let fieldId: string;

beforeAll(async () => {
  api = await TestApi.start();
  [co, other] = await Promise.all([createTestCompany(api, "Deletes"), createTestCompany(api, "Bystander")]);
  generalId = (await api.request("GET", "/v1/client-groups", { token: co.staff })).body.items[0].id;
  const field = await api.request("POST", `/v1/client-groups/${generalId}/custom-fields`, {
    token: co.admin,
    body: { name: "Passport number", type: "text", encrypted: true },
  });
  fieldId = field.body.id;
});
afterAll(() => api.close());

interface Seeded {
  id: string;
  username: string;
  version: number;
}

/** A client with something of everything: phones, a secret custom value, history, outbox, billing-like records. */
async function seededClient(): Promise<Seeded> {
  const username = `doomed-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  const res = await api.request("POST", "/v1/clients", {
    token: co.staff,
    body: clientBody({
      username,
      sendRegistrationEmail: true,
      phones: [{ type: "phone", location: "work", number: "+44 20 7946 0018" }],
      customFields: { [fieldId]: "X1234567" },
    }),
  });
  expect(res.status).toBe(201);
  const { id } = res.body;
  await api.request("POST", `/v1/clients/${id}/status`, { token: co.staff, body: { status: "inactive" } });
  await api.request("POST", `/v1/clients/${id}/status`, { token: co.staff, body: { status: "active" } });
  expect((await api.request("POST", `/v1/clients/${id}/registration-email`, { token: co.staff })).status).toBe(202);
  // Records other features keep in the client's partition; the delete must not need to know their kinds.
  const { pk } = keys.clientPartition(co.companyId, id);
  for (const sk of ["INV#0001", "TX#0001", "SVC#0001", "PROFILE#BILLING"]) {
    await db().send(new PutCommand({ TableName: tableName(), Item: { pk, sk, itemType: "test-record" } }));
  }
  const current = await api.request("GET", `/v1/clients/${id}`, { token: co.staff });
  return { id, username, version: current.body.version };
}

const remove = (id: string, headers: Record<string, string> = {}, token = co.staff) =>
  api.request("DELETE", `/v1/clients/${id}`, { token, headers });

async function clientCountOfGeneral(): Promise<number> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.group(co.companyId, generalId), ConsistentRead: true }),
  );
  return (Item?.clientCount as number | undefined) ?? 0;
}

async function cognitoUserExists(clientId: string): Promise<boolean> {
  try {
    await cognito().send(new AdminGetUserCommand({ UserPoolId: config().clientPool.userPoolId, Username: clientId }));
    return true;
  } catch (error) {
    if (error instanceof UserNotFoundException || (error as Error).name === "UserNotFoundException") return false;
    throw error;
  }
}

/** Nothing of the client anywhere: no item mentions its id, its Cognito user is gone, its username is free. */
async function expectNothingLeft(client: Seeded): Promise<void> {
  const leftovers = (await scanTable()).filter((item) => JSON.stringify(item).includes(client.id));
  expect(leftovers).toEqual([]);
  expect(await cognitoUserExists(client.id)).toBe(false);
  expect((await api.request("GET", `/v1/clients/${client.id}`, { token: co.staff })).status).toBe(404);
  const again = await api.request("POST", "/v1/clients", {
    token: co.staff,
    body: clientBody({ username: client.username.toUpperCase() }),
  });
  expect(again.status).toBe(201);
}

describe("DELETE /v1/clients/{clientId}", () => {
  it("removes the client and everything attached, frees the username, and answers 404 the second time", async () => {
    const client = await seededClient();
    const token = await api.login("clients", client.username, TEST_PASSWORD);
    const count = await clientCountOfGeneral();

    const res = await remove(client.id);
    expect(res.status).toBe(204);
    expect(res.body).toBe("");
    expect(await clientCountOfGeneral()).toBe(count - 1);
    expect((await api.request("GET", "/v1/me", { token })).status).toBe(401);
    expect(
      (
        await api.request("POST", "/v1/auth/clients/login", {
          body: { username: client.username, password: TEST_PASSWORD },
        })
      ).status,
    ).toBe(401);
    expect((await remove(client.id)).status).toBe(404);
    await expectNothingLeft(client);
  });

  it("honours If-Match: a stale version answers 412 and deletes nothing", async () => {
    const client = await seededClient();
    const stale = await remove(client.id, { "if-match": `"${client.version - 1}"` });
    expect(stale.status).toBe(412);
    expect((await api.request("GET", `/v1/clients/${client.id}`, { token: co.staff })).status).toBe(200);
    expect((await remove(client.id, { "if-match": `"${client.version}"` })).status).toBe(204);
    await expectNothingLeft(client);
  });

  it("answers 404 to another company's staff and leaves the client alone", async () => {
    const client = await seededClient();
    expect((await remove(client.id, {}, other.admin)).status).toBe(404);
    expect((await api.request("GET", `/v1/clients/${client.id}`, { token: co.staff })).status).toBe(200);
    expect(await cognitoUserExists(client.id)).toBe(true);
  });

  it("two DELETEs at once both finish cleanly", async () => {
    const client = await seededClient();
    const count = await clientCountOfGeneral();
    const statuses = (await Promise.all([remove(client.id), remove(client.id)])).map((r) => r.status).sort();
    expect(statuses[0]).toBe(204);
    expect([204, 404]).toContain(statuses[1]);
    expect(await clientCountOfGeneral()).toBe(count - 1);
    await expectNothingLeft(client);
  });
});

const inputOf = (command: unknown) => JSON.stringify((command as { input: unknown }).input);

/** Each step of the delete, and a command that only that step sends. */
type FaultTarget = Parameters<typeof failCommands>[0];
const STEPS: [string, () => FaultTarget, (command: unknown) => boolean][] = [
  ["marking the client deleting", db, (c) => c instanceof TransactWriteCommand && inputOf(c).includes("SET deleting")],
  ["finding the Cognito subject", cognito, isA(AdminGetUserCommand)],
  ["removing the identity item", db, (c) => c instanceof DeleteCommand && inputOf(c).includes("IDENTITY#")],
  ["deleting the Cognito user", cognito, isA(AdminDeleteUserCommand)],
  ["reading the partition", db, (c) => c instanceof QueryCommand && inputOf(c).includes('"pk, sk"')],
  ["deleting the partition's items", db, isA(BatchWriteCommand)],
  [
    "removing the username and the client item",
    db,
    (c) => c instanceof TransactWriteCommand && inputOf(c).includes("USERNAME#"),
  ],
];

describe("a delete that fails half way", () => {
  it.each(STEPS)(
    "failing at %s: answers 500, and a retry finishes with nothing left",
    async (step, client, matches) => {
      const seeded = await seededClient();
      const count = await clientCountOfGeneral();
      const fault = failCommands(client(), matches);
      const failed = await remove(seeded.id);
      fault.restore();
      expect(fault.remaining).toBe(0);
      expect(failed.status).toBe(500);
      expect(JSON.stringify(failed.body)).not.toContain("injected");

      const marked = step !== "marking the client deleting";
      const read = await api.request("GET", `/v1/clients/${seeded.id}`, { token: co.staff });
      expect(read.status).toBe(marked ? 404 : 200);
      if (marked) {
        // Half-deleted clients cannot be edited either.
        const edit = await api.request("PATCH", `/v1/clients/${seeded.id}`, {
          token: co.staff,
          body: { city: "Bath" },
        });
        expect(edit.status).toBe(404);
      }

      expect((await remove(seeded.id)).status).toBe(204);
      expect(await clientCountOfGeneral()).toBe(count - 1);
      expect((await remove(seeded.id)).status).toBe(404);
      await expectNothingLeft(seeded);
    },
  );
});
