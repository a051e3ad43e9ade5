import { randomBytes } from "node:crypto";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Context, DynamoDBStreamEvent } from "aws-lambda";
import { handler as passwordResets } from "../../functions/password-resets";
import { config } from "../../lib/config";
import { newId } from "../../lib/domain/ids";
import type { StaffMember } from "../../lib/domain/staff";
import { createStaffUser } from "../../lib/identity/staff-users";
import { lambdaContext } from "../../lib/local/lambda-context";
import { FORGOT_PASSWORD_ANSWER } from "../../lib/recovery/password-recovery";
import { addStaffMember } from "../../lib/staff/staff-members";
import { db, tableName } from "../../lib/store/client";
import { keys } from "../../lib/store/keys";
import { passwordResetRequestPut } from "../../lib/store/password-reset-request-repository";
import { getStaffMember, insertStaffMember } from "../../lib/store/staff-repository";
import { transactWrite } from "../../lib/store/transact";
import { issueOneTimeToken, TOKEN_LIFETIME_SECONDS } from "../../lib/tokens/one-time-tokens";
import { TestApi } from "../helpers/api";
import { advanceClock, nextSecond, restoreClock } from "../helpers/clock";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { failCommands, isA } from "../helpers/faults";
import { emailedToken } from "../helpers/links";
import { emailsTo, eventually, startMailerFor } from "../helpers/mail";
import { startPasswordResetsFor } from "../helpers/password-resets";
import { scanTable, tableDump } from "../helpers/table";

let api: TestApi;
let co: TestCompany;
let workers: { stop(): Promise<void> }[];

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Recovery");
  workers = [await startMailerFor(co.companyId), await startPasswordResetsFor([co.companyId])];
});
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await api.close();
});
afterEach(restoreClock);

const newPassword = () => `New-Passw0rd-${randomBytes(4).toString("hex")}`;

async function client(status?: "inactive" | "fraud") {
  return clientOf(co, status);
}

async function clientOf(company: TestCompany, status?: "inactive" | "fraud") {
  const body = clientBody();
  const res = await api.request("POST", "/v1/clients", { token: company.staff, body });
  expect(res.status).toBe(201);
  if (status) {
    const changed = await api.request("POST", `/v1/clients/${res.body.id}/status`, {
      token: company.staff,
      body: { status },
    });
    expect(changed.status).toBe(200);
  }
  return { id: res.body.id as string, username: res.body.username as string, email: body.email as string };
}

const forgot = (username: string, audience: "clients" | "staff" = "clients", extra: object = {}, via = api) =>
  via.request("POST", `/v1/auth/${audience}/forgot-password`, { body: { username, ...extra } });

/** Runs `use` with an API of its own source address, so that its requests count on limit counters of their own. */
async function withOwnSource(use: (via: TestApi) => Promise<void>): Promise<void> {
  const via = await TestApi.start();
  try {
    await use(via);
  } finally {
    await via.close();
  }
}
/** Stream records of these request items, as the table's stream hands them to the worker. */
const streamEvent = (items: Record<string, unknown>[]): DynamoDBStreamEvent => ({
  Records: items.map((item, i) => ({
    eventName: "INSERT",
    eventSource: "aws:dynamodb",
    dynamodb: {
      SequenceNumber: `${Date.now()}${i}`,
      NewImage: marshall(item) as Record<string, AttributeValue> as never,
    },
  })),
});
const context = (): Context => lambdaContext();

const reset = (token: string, password: string, audience: "clients" | "staff" = "clients") =>
  api.request("POST", `/v1/auth/${audience}/reset-password`, { body: { token, newPassword: password } });

/** The forgot-password requests accepted for these usernames and not yet carried out by the worker. */
async function requestsFor(usernames: string[]): Promise<Record<string, unknown>[]> {
  return (await scanTable()).filter(
    (item) => item.itemType === "password-reset-request" && usernames.includes(item.username as string),
  );
}

/** Waits until the worker has carried out (and so deleted) every request for these usernames. */
async function carriedOut(usernames: string[]): Promise<void> {
  const left = await eventually(
    () => requestsFor(usernames),
    (requests) => requests.length === 0,
  );
  expect(left).toEqual([]);
}

/** The items a password reset of this client wrote that name the purpose: token, latest token, outbox item, history event. */
async function resetItemsOf(clientId: string): Promise<Record<string, unknown>[]> {
  return (await scanTable()).filter((item) => {
    const text = JSON.stringify(item);
    return text.includes(clientId) && text.includes("password-reset");
  });
}

describe("client password recovery", () => {
  it("emails a single-use link that sets the password and ends every session", async () => {
    const ada = await client();
    const before = await api.request("POST", "/v1/auth/clients/login", {
      body: { username: ada.username, password: TEST_PASSWORD },
    });
    const asked = await forgot(ada.username);
    expect(asked.status).toBe(202);
    const token = await emailedToken(ada.email, "reset-password");
    expect(await tableDump()).not.toContain(token);

    const password = newPassword();
    await nextSecond();
    expect((await reset(token, password)).status).toBe(204);
    const refreshed = await api.request("POST", "/v1/auth/refresh", {
      body: { refreshToken: before.body.refreshToken, audience: "client" },
    });
    expect(refreshed.status).toBe(401);
    expect((await api.request("GET", "/v1/me", { token: before.body.idToken })).status).toBe(401);
    const after = await api.request("POST", "/v1/auth/clients/login", { body: { username: ada.username, password } });
    expect(after.status).toBe(200);
    const old = await api.request("POST", "/v1/auth/clients/login", {
      body: { username: ada.username, password: TEST_PASSWORD },
    });
    expect(old.status).toBe(401);

    const again = await reset(token, newPassword());
    expect(again.status).toBe(400);
    expect(again.body.type).toMatch(/\/invalid-token$/);
  });

  it("answers the same for an active, an unknown, an inactive and another company's account, and mails only the active one", async () => {
    const active = await client();
    const inactive = await client("inactive");
    const answers = await Promise.all([
      forgot(active.username),
      forgot(`nobody-${randomBytes(4).toString("hex")}`),
      forgot(inactive.username),
      forgot(active.username, "clients", { company: newId("co") }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual(answers[0]!.body);
      expect(answer.headers.get("content-type")).toBe(answers[0]!.headers.get("content-type"));
    }
    await emailedToken(active.email, "reset-password");
    await carriedOut([active.username, inactive.username]);
    expect(await emailsTo(inactive.email)).toHaveLength(0);
  });

  it("writes nothing for a pending, an inactive, a fraud, another company's client or an unknown username", () =>
    withOwnSource(async (via) => {
      const other = await createTestCompany(api, "Recovery other");
      const [pending, inactive, fraud, active] = await Promise.all([
        client(),
        client("inactive"),
        client("fraud"),
        client(),
      ]);
      // A client is pending from its reservation until its sign-in account exists.
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.client(co.companyId, pending.id),
          UpdateExpression: "SET pending = :yes",
          ExpressionAttributeValues: { ":yes": true },
        }),
      );
      const nobody = `nobody-${randomBytes(4).toString("hex")}`;
      const answers = await Promise.all([
        forgot(pending.username, "clients", {}, via),
        forgot(inactive.username, "clients", {}, via),
        forgot(fraud.username, "clients", {}, via),
        forgot(active.username, "clients", { company: other.companyId }, via),
        forgot(nobody, "clients", {}, via),
      ]);
      for (const answer of answers) {
        expect(answer.status).toBe(202);
        expect(answer.body).toEqual(FORGOT_PASSWORD_ANSWER);
      }
      // Each request is accepted as it is, then carried out by the worker, which writes nothing for these.
      await carriedOut([pending.username, inactive.username, fraud.username, active.username, nobody]);
      for (const refused of [pending, inactive, fraud, active]) expect(await resetItemsOf(refused.id)).toEqual([]);

      // The same active client, asked for without the other company, gets its token, email and history event.
      expect((await forgot(active.username, "clients", {}, via)).status).toBe(202);
      const token = await emailedToken(active.email, "reset-password");
      const written = await resetItemsOf(active.id);
      expect(new Set(written.map((item) => item.itemType))).toEqual(
        new Set(["history", "latest-one-time-token", "one-time-token", "outbox"]),
      );
      expect(written.some((item) => item.type === "email-queued")).toBe(true);
      expect((await reset(token, newPassword())).status).toBe(204);
    }));

  it("does not pass a failed transaction off as an accepted request: throttling or a conflict is 503, another condition 500, nothing written", () =>
    withOwnSource(async (via) => {
      const ada = await client();
      const throttled = failCommands(
        db(),
        isA(TransactWriteCommand),
        1,
        Object.assign(new Error("slow down"), { name: "ThrottlingException" }),
      );
      const busy = await forgot(ada.username, "clients", {}, via);
      throttled.restore();
      expect(throttled.remaining).toBe(0);
      expect(busy.status).toBe(503);
      expect(busy.headers.get("retry-after")).toBe("1");

      // Transactions cancelled for a conflict with concurrent attempts, tried again until the retries run out.
      const conflict = Object.assign(new Error("Transaction cancelled"), {
        name: "TransactionCanceledException",
        CancellationReasons: [{ Code: "None" }, { Code: "TransactionConflict" }, { Code: "None" }],
      });
      const conflicted = failCommands(db(), isA(TransactWriteCommand), 4, conflict);
      const raced = await forgot(ada.username, "clients", {}, via);
      conflicted.restore();
      expect(conflicted.remaining).toBe(0);
      expect(raced.status).toBe(503);

      // Only a counter's failed condition is the limits' to judge: the request item's is a fault (500).
      const otherCondition = Object.assign(new Error("Transaction cancelled"), {
        name: "TransactionCanceledException",
        CancellationReasons: [{ Code: "None" }, { Code: "None" }, { Code: "ConditionalCheckFailed" }],
      });
      const failed = failCommands(db(), isA(TransactWriteCommand), 1, otherCondition);
      const broken = await forgot(ada.username, "clients", {}, via);
      failed.restore();
      expect(failed.remaining).toBe(0);
      expect(broken.status).toBe(500);
      expect(await requestsFor([ada.username])).toEqual([]);
      expect(await resetItemsOf(ada.id)).toEqual([]);

      // Without a fault the same client's reset goes through.
      expect((await forgot(ada.username, "clients", {}, via)).status).toBe(202);
      await emailedToken(ada.email, "reset-password");
      expect(await resetItemsOf(ada.id)).not.toEqual([]);
    }));

  it("keeps the link usable when the new password breaks the policy (422)", async () => {
    const ada = await client();
    await forgot(ada.username);
    const token = await emailedToken(ada.email, "reset-password");
    const weak = await reset(token, "short");
    expect(weak.status).toBe(422);
    expect(weak.body.errors[0].path).toBe("newPassword");
    expect((await reset(token, newPassword())).status).toBe(204);
  });

  it("lets one of two concurrent resets with one link win", async () => {
    const ada = await client();
    await forgot(ada.username);
    const token = await emailedToken(ada.email, "reset-password");
    const statuses = (await Promise.all([reset(token, newPassword()), reset(token, newPassword())])).map(
      (r) => r.status,
    );
    expect(statuses.sort()).toEqual([204, 400]);
  });

  it("refuses a link after 30 minutes", async () => {
    const ada = await client();
    await forgot(ada.username);
    const token = await emailedToken(ada.email, "reset-password");
    advanceClock(TOKEN_LIFETIME_SECONDS["password-reset"] * 1000 + 1000);
    const late = await reset(token, newPassword());
    expect(late.status).toBe(400);
    expect(late.body.type).toMatch(/\/invalid-token$/);
  });

  it("makes an earlier link stop working when a new one is asked for", async () => {
    const ada = await client();
    await forgot(ada.username);
    const first = await emailedToken(ada.email, "reset-password");
    await forgot(ada.username);
    const second = await emailedToken(ada.email, "reset-password", 1);
    expect(second).not.toBe(first);
    expect((await reset(first, newPassword())).status).toBe(400);
    expect((await reset(second, newPassword())).status).toBe(204);
  });

  it("answers 400 invalid-token for made-up tokens, a staff link, and 422 for bad bodies", async () => {
    expect((await reset(randomBytes(32).toString("base64url"), newPassword())).status).toBe(400);
    expect((await reset("not a token", newPassword())).status).toBe(400);
    expect((await api.request("POST", "/v1/auth/clients/reset-password", { body: { token: "x" } })).status).toBe(422);
    expect((await api.request("POST", "/v1/auth/clients/forgot-password", { body: {} })).status).toBe(422);
    expect(
      (await api.request("POST", "/v1/auth/clients/forgot-password", { body: { username: "a", admin: true } })).status,
    ).toBe(422);
  });

  it("rate-limits per username across the installation (429 with Retry-After), the unknown ones too", async () => {
    const username = `probe-${randomBytes(4).toString("hex")}`;
    const limit = config().signupLimits.perEmail;
    for (let i = 0; i < limit; i++) expect((await forgot(username)).status).toBe(202);
    const refused = await forgot(username);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("counts an attempt and accepts the request in one transaction: a refused one writes no request, and a window that ended opens afresh", () =>
    withOwnSource(async (via) => {
      // A company no worker of any test file serves: its requests stay in the table for this test to see.
      const quiet = await createTestCompany(api, "Recovery unserved");
      const ada = await clientOf(quiet);
      const limit = config().signupLimits.perEmail;
      for (let i = 0; i < limit; i++) expect((await forgot(ada.username, "clients", {}, via)).status).toBe(202);
      expect(await requestsFor([ada.username])).toHaveLength(limit);
      const refused = await forgot(ada.username, "clients", {}, via);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await requestsFor([ada.username])).toHaveLength(limit);

      // DynamoDB Local never deletes the ended window's counters: the attempt replaces them with fresh ones.
      advanceClock(config().signupLimits.windowSeconds * 1000 + 1000);
      expect((await forgot(ada.username, "clients", {}, via)).status).toBe(202);
      const requests = await requestsFor([ada.username]);
      expect(requests).toHaveLength(limit + 1);
      restoreClock();

      // The worker takes them as one batch: every one carried out, each queuing its email.
      expect(await passwordResets(streamEvent(requests), context())).toEqual({ batchItemFailures: [] });
      expect(await requestsFor([ada.username])).toEqual([]);
      const outbox = (await resetItemsOf(ada.id)).filter((item) => item.itemType === "outbox");
      expect(outbox).toHaveLength(limit + 1);
    }));

  it("rate-limits per source address", async () => {
    const other = await TestApi.start();
    try {
      const limit = config().signupLimits.perIp;
      for (let i = 0; i < limit; i++) {
        const res = await other.request("POST", "/v1/auth/clients/forgot-password", {
          body: { username: `ip-probe-${i}-${randomBytes(3).toString("hex")}` },
        });
        expect(res.status).toBe(202);
      }
      const refused = await other.request("POST", "/v1/auth/clients/forgot-password", {
        body: { username: "one-more" },
      });
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBeTruthy();
    } finally {
      await other.close();
    }
  });
});

describe("the password-reset worker", () => {
  /** A client of a company no worker of any test file serves, and a request of theirs that only this test hands to the worker. */
  async function unservedRequest(): Promise<{ ada: { id: string; username: string }; event: DynamoDBStreamEvent }> {
    const quiet = await createTestCompany(api, "Recovery worker");
    const ada = await clientOf(quiet);
    const id = newId("rst");
    await transactWrite([
      passwordResetRequestPut({ id, audience: "client", username: ada.username, createdAt: new Date().toISOString() }),
    ]);
    const { Item } = await db().send(
      new GetCommand({ TableName: tableName(), Key: keys.passwordResetRequest(id), ConsistentRead: true }),
    );
    return { ada, event: streamEvent([Item!]) };
  }

  it("queues one email for a request delivered twice", async () => {
    const { ada, event } = await unservedRequest();
    expect(await passwordResets(event, context())).toEqual({ batchItemFailures: [] });
    expect(await passwordResets(event, context())).toEqual({ batchItemFailures: [] });
    const written = await resetItemsOf(ada.id);
    expect(written.filter((item) => item.itemType === "outbox")).toHaveLength(1);
    expect(written.filter((item) => item.itemType === "one-time-token")).toHaveLength(1);
    expect(written.filter((item) => item.type === "email-queued")).toHaveLength(1);
    expect(await requestsFor([ada.username])).toEqual([]);
  });

  it("reports a request whose transaction failed, writes none of it, and carries it out when delivered again", async () => {
    const { ada, event } = await unservedRequest();
    const throttled = failCommands(
      db(),
      isA(TransactWriteCommand),
      1,
      Object.assign(new Error("slow down"), { name: "ThrottlingException" }),
    );
    const failed = await passwordResets(event, context());
    throttled.restore();
    expect(throttled.remaining).toBe(0);
    expect(failed).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0]!.dynamodb!.SequenceNumber }] });
    expect(await resetItemsOf(ada.id)).toEqual([]);
    expect(await requestsFor([ada.username])).toHaveLength(1);

    expect(await passwordResets(event, context())).toEqual({ batchItemFailures: [] });
    expect((await resetItemsOf(ada.id)).filter((item) => item.itemType === "outbox")).toHaveLength(1);
    expect(await requestsFor([ada.username])).toEqual([]);
  });
});

describe("staff password recovery", () => {
  it("emails a staff member a link that sets the password and ends their sessions", async () => {
    const username = `stf-${randomBytes(4).toString("hex")}`;
    const email = `${username}@test.localhost`;
    await addStaffMember({ companyId: co.companyId, username, email, password: TEST_PASSWORD, role: "staff" });
    const before = await api.request("POST", "/v1/auth/staff/login", { body: { username, password: TEST_PASSWORD } });
    const unknown = await forgot(`nobody-${randomBytes(4).toString("hex")}`, "staff");
    const asked = await forgot(username, "staff");
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual(unknown.body);
    const token = await emailedToken(email, "reset-password");

    expect((await reset(token, newPassword(), "clients")).status).toBe(400);
    const password = newPassword();
    // A cut-off spares sign-ins of its own second: the sign-in above must be in an earlier one.
    await nextSecond();
    expect((await reset(token, password, "staff")).status).toBe(204);
    const refreshed = await api.request("POST", "/v1/auth/refresh", {
      body: { refreshToken: before.body.refreshToken, audience: "staff" },
    });
    expect(refreshed.status).toBe(401);
    expect((await api.request("POST", "/v1/auth/staff/login", { body: { username, password } })).status).toBe(200);
    expect((await reset(token, newPassword(), "staff")).status).toBe(400);
  });

  it("sets an invited member's first password from an invitation token and makes them active", async () => {
    const username = `inv-${randomBytes(4).toString("hex")}`;
    const staffId = newId("stf");
    const sub = await createStaffUser({
      companyId: co.companyId,
      staffId,
      username,
      email: `${username}@test.localhost`,
      password: `Unknown-${randomBytes(8).toString("hex")}A1`,
      role: "staff",
    });
    const now = new Date().toISOString();
    const member: StaffMember = {
      id: staffId,
      companyId: co.companyId,
      sub,
      username,
      email: `${username}@test.localhost`,
      name: "Invited One",
      role: "staff",
      status: "invited",
      mfaEnabled: false,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    expect(await insertStaffMember(config().staffPool.userPoolId, member, [])).toBe("written");
    const issue = (purpose: "staff-invitation" | "password-reset") =>
      issueOneTimeToken({ purpose, companyId: co.companyId, audience: "staff", subjectId: member.id });

    const resetToken = issue("password-reset");
    await transactWrite(resetToken.items);
    expect((await reset(resetToken.token, newPassword(), "staff")).status).toBe(400);

    const invitation = issue("staff-invitation");
    await transactWrite(invitation.items);
    expect((await reset(invitation.token, newPassword(), "clients")).status).toBe(400);
    const password = newPassword();
    expect((await reset(invitation.token, password, "staff")).status).toBe(204);
    expect(await getStaffMember(co.companyId, member.id)).toMatchObject({ status: "active", version: 2 });
    expect((await api.request("POST", "/v1/auth/staff/login", { body: { username, password } })).status).toBe(200);

    const late = issue("staff-invitation");
    await transactWrite(late.items);
    expect((await reset(late.token, newPassword(), "staff")).status).toBe(400);
  });
});
