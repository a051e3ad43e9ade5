import { SendEmailCommand } from "@aws-sdk/client-ses";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { jest } from "@jest/globals";
import { config } from "../../lib/config";
import { ses } from "../../lib/mail/ses-client";
import { type SweepReport, sweepOutbox } from "../../lib/mail/sweep";
import { UNDELIVERABLE_LOG_MESSAGE } from "../../lib/mail/undeliverable-metric";
import { logger } from "../../lib/observability/logger";
import { db, tableName } from "../../lib/store/client";
import { keys } from "../../lib/store/keys";
import { claimMessage, getMessage } from "../../lib/store/outbox-repository";
import { OUTBOX_DUE_INDEX } from "../../lib/store/table";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, type TestCompany } from "../helpers/companies";
import { failCommands } from "../helpers/faults";
import { emailsTo, eventually, startMailerFor } from "../helpers/mail";
import { metricPointsSince, metricsMark } from "../helpers/metric-lines";

// Retries after 0.05 s, 0.1 s, 0.2 s, ...: the eight attempts below take seconds, not hours.
process.env.CLIENTELE_MAIL_RETRY_SECONDS = "0.05";

let api: TestApi;
let co: TestCompany;

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Outbox");
});
afterAll(() => api.close());

async function createWithEmail(email?: string): Promise<{ id: string; email: string }> {
  const res = await api.request("POST", "/v1/clients", {
    token: co.staff,
    body: clientBody({ sendRegistrationEmail: true, ...(email ? { email } : {}) }),
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function outboxOf(clientId: string): Promise<Record<string, unknown>[]> {
  const { pk } = keys.clientPartition(co.companyId, clientId);
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :outbox)",
      ExpressionAttributeValues: { ":pk": pk, ":outbox": "OUTBOX#" },
      ConsistentRead: true,
    }),
  );
  return page.Items ?? [];
}

async function historyTypes(clientId: string): Promise<string[]> {
  const res = await api.request("GET", `/v1/clients/${clientId}/history?limit=100`, { token: co.staff });
  return res.body.items.map((event: { type: string }) => event.type);
}

const ofThisCompany = (message: { companyId: string }) => message.companyId === co.companyId;

describe("SES rejecting one address every time", () => {
  it("marks that message undeliverable after the configured attempts, in history and the alarm's log line; others are sent", async () => {
    const rejected = await createWithEmail(`rejected-${Date.now()}@example.com`);
    const fine = await createWithEmail();
    const sendsToRejected: unknown[] = [];
    const refusal = Object.assign(new Error("Email address is not verified."), {
      name: "MessageRejected",
      $fault: "client",
    });
    const fault = failCommands(
      ses(),
      (command) => {
        const to = (command as SendEmailCommand).input?.Destination?.ToAddresses ?? [];
        const matches = command instanceof SendEmailCommand && to.includes(rejected.email);
        if (matches) sendsToRejected.push(command);
        return matches;
      },
      Number.POSITIVE_INFINITY,
      refusal,
    );
    const errors = jest.spyOn(logger, "error");
    const mark = metricsMark();
    const mailer = await startMailerFor(co.companyId);
    try {
      const [message] = await eventually(
        () => outboxOf(rejected.id),
        (items) => items[0]?.status === "failed",
        45_000,
      );
      const { maxAttempts } = config().mail;
      expect(maxAttempts).toBe(8);
      expect(message).toMatchObject({
        status: "failed",
        attempts: maxAttempts,
        failure: `${maxAttempts} attempts failed, the last with MessageRejected`,
      });
      // Out of the due index: no sweep will pick it up again.
      expect(message).not.toHaveProperty(OUTBOX_DUE_INDEX.sortKey);
      // One SES call per attempt: a refusal is not retried within a delivery, only by the next one.
      expect(sendsToRejected).toHaveLength(maxAttempts);

      const [sent] = await eventually(
        () => outboxOf(fine.id),
        (items) => items[0]?.status === "sent",
      );
      expect(sent?.status).toBe("sent");
    } finally {
      await mailer.stop();
      fault.restore();
    }
    expect(await emailsTo(rejected.email)).toHaveLength(0);
    expect(await emailsTo(fine.email)).toHaveLength(1);
    const history = await historyTypes(rejected.id);
    expect(history.filter((type) => type === "email-undeliverable")).toHaveLength(1);
    expect(history).not.toContain("email-sent");
    const undeliverableLines = errors.mock.calls.filter(([line]) => line === UNDELIVERABLE_LOG_MESSAGE);
    errors.mockRestore();
    expect(undeliverableLines).toHaveLength(1);
    expect(undeliverableLines[0]?.[1]).toMatchObject({ companyId: co.companyId, attempts: 8 });
    // The same story in metrics: seven deferrals and one give-up of the registration email, one sent.
    const points = metricPointsSince(mark).filter((p) => p.name.startsWith("Emails"));
    const count = (name: string) => points.filter((p) => p.name === name).length;
    expect([count("EmailsDeferred"), count("EmailsUndeliverable"), count("EmailsSent")]).toEqual([7, 1, 1]);
    expect(new Set(points.map((p) => p.dimensions.template))).toEqual(new Set(["account-registration"]));
  }, 60_000);
});

describe("a claim left behind by a delivery that died", () => {
  const refOf = async (clientId: string) => {
    const [item] = await outboxOf(clientId);
    return { companyId: co.companyId, clientId, messageId: item!.messageId as string };
  };
  const sent = (reports: SweepReport[]) => reports.reduce((sum, report) => sum + report.sent, 0);

  it("is taken over by the sweep once its lease has run out, and the email is sent exactly once", async () => {
    const client = await createWithEmail();
    const ref = await refOf(client.id);
    // A worker claimed the message and was killed: its claim ran out a moment ago.
    const claimedAt = new Date(Date.now() - config().mail.leaseSeconds * 1000);
    expect(await claimMessage(ref, claimedAt, new Date(Date.now() - 1))).toMatchObject({ status: "sending" });

    // Two sweeps at once (overlapping schedules, say): the claim lets one of them send.
    const reports = await Promise.all([sweepOutbox({ only: ofThisCompany }), sweepOutbox({ only: ofThisCompany })]);
    expect(sent(reports)).toBe(1);
    expect(await getMessage(co.companyId, client.id, ref.messageId)).toMatchObject({ status: "sent", attempts: 2 });
    expect(await sweepOutbox({ only: ofThisCompany })).toMatchObject({ sent: 0 });
    expect(await emailsTo(client.email)).toHaveLength(1);
    expect((await historyTypes(client.id)).filter((type) => type === "email-sent")).toHaveLength(1);
  });

  it("is left alone while its lease runs: the delivery holding it may still finish", async () => {
    const client = await createWithEmail();
    const ref = await refOf(client.id);
    const now = new Date();
    await claimMessage(ref, now, new Date(now.getTime() + config().mail.leaseSeconds * 1000));
    expect(await sweepOutbox({ only: ofThisCompany })).toMatchObject({ sent: 0 });
    expect(await getMessage(co.companyId, client.id, ref.messageId)).toMatchObject({ status: "sending", attempts: 1 });
    expect(await emailsTo(client.email)).toHaveLength(0);
  });
});
