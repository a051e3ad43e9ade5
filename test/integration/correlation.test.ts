import { randomBytes } from "node:crypto";
import { resetConfig } from "../../lib/config";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, type TestCompany } from "../helpers/companies";
import { startImporterFor } from "../helpers/importer";
import { emailsTo, eventually, startMailerFor } from "../helpers/mail";
import { startPasswordResetsFor } from "../helpers/password-resets";
import { logsOfThisWorker } from "../helpers/watched-secrets";
import { WebhookReceiver } from "../helpers/webhook-receiver";
import { startDelivererFor } from "../helpers/webhooks";

let api: TestApi;
let co: TestCompany;

beforeAll(async () => {
  // The webhook receiver listens on loopback, which endpoints may name only when allowed.
  process.env.CLIENTELE_WEBHOOKS_ALLOW_LOCALHOST = "true";
  resetConfig();
  api = await TestApi.start();
  co = await createTestCompany(api, "Correlation");
});
afterAll(() => api.close());

/** The JSON log lines this worker wrote after `mark` (a length of the log). */
const logLinesSince = (mark: number): Record<string, unknown>[] =>
  logsOfThisWorker()
    .slice(mark)
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("one request id finds what a request set off", () => {
  it("the mailer's line for a created client's registration email carries the request id of the POST", async () => {
    const mailer = await startMailerFor(co.companyId);
    try {
      const mark = logsOfThisWorker().length;
      const body = clientBody({ sendRegistrationEmail: true });
      const res = await api.request("POST", "/v1/clients", { token: co.staff, body });
      expect(res.status).toBe(201);
      const requestId = res.headers.get("x-request-id");
      expect(requestId).toMatch(/\S/);
      await eventually(
        () => emailsTo(body.email as string),
        (emails) => emails.length > 0,
      );
      const sent = await eventually(
        async () => logLinesSince(mark).filter((line) => line.message === "email sent"),
        (lines) => lines.length > 0,
      );
      expect(sent).toEqual([
        expect.objectContaining({
          requestId,
          messageId: expect.stringMatching(/^msg_/),
          template: "account-registration",
        }),
      ]);
      // The API function's own line for the POST carries the id too.
      expect(logLinesSince(mark)).toContainEqual(
        expect.objectContaining({ message: "request", operation: "createClient", status: 201, requestId }),
      );
    } finally {
      await mailer.stop();
    }
  });

  it("so does the line for a signup's registration email", async () => {
    const mailer = await startMailerFor(co.companyId);
    try {
      const mark = logsOfThisWorker().length;
      const { password: _, ...body } = clientBody();
      const res = await api.request("POST", `/v1/signup?company=${co.companyId}`, {
        body: { ...body, generatePassword: true },
      });
      expect(res.status).toBe(201);
      const requestId = res.headers.get("x-request-id");
      const sent = await eventually(
        async () => logLinesSince(mark).filter((line) => line.message === "email sent"),
        (lines) => lines.length > 0,
      );
      expect(sent).toEqual([expect.objectContaining({ requestId, template: "account-registration" })]);
    } finally {
      await mailer.stop();
    }
  });

  it("so do the lines of a password reset (its worker's and its email's) and a staff invitation, each with its own request's id", async () => {
    const workers = [await startMailerFor(co.companyId), await startPasswordResetsFor([co.companyId])];
    try {
      const ada = await api.request("POST", "/v1/clients", { token: co.staff, body: clientBody() });
      expect(ada.status).toBe(201);
      const mark = logsOfThisWorker().length;
      const forgot = await api.request("POST", "/v1/auth/clients/forgot-password", {
        body: { username: ada.body.username, company: co.companyId },
      });
      expect(forgot.status).toBe(202);
      const invited = await api.request("POST", "/v1/staff", {
        token: co.admin,
        body: {
          email: `invitee.${randomBytes(4).toString("hex")}@correlation.example`,
          name: "Ida Invitee",
          role: "staff",
        },
      });
      expect(invited.status).toBe(201);
      const sent = await eventually(
        async () => logLinesSince(mark).filter((line) => line.message === "email sent"),
        (lines) => lines.length >= 2,
      );
      expect(sent).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ template: "password-reset", requestId: forgot.headers.get("x-request-id") }),
          expect.objectContaining({ template: "staff-invitation", requestId: invited.headers.get("x-request-id") }),
        ]),
      );
      // Other files' requests for unknown usernames may pass through this worker too: only this request's line counts.
      const carriedOut = logLinesSince(mark).filter(
        (line) =>
          line.message === "password reset request carried out" &&
          line.requestId === forgot.headers.get("x-request-id"),
      );
      expect(carriedOut).toEqual([expect.objectContaining({ outcome: "queued" })]);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  });

  it("one import: the API's, the importer's, the mailer's and the webhook deliverer's lines share the POST's id", async () => {
    const receiver = await WebhookReceiver.start();
    const workers = await Promise.all([
      startMailerFor(co.companyId),
      startDelivererFor(co.companyId),
      startImporterFor([co.companyId]),
    ]);
    try {
      const endpoint = await api.request("POST", "/v1/webhooks", {
        token: co.admin,
        body: { url: receiver.url("/correlation"), events: ["client.created"] },
      });
      expect(endpoint.status).toBe(201);
      const mark = logsOfThisWorker().length;
      const email = `grace.${randomBytes(4).toString("hex")}@correlation.example`;
      const csv = `firstName,lastName,email,country,city,zip,address1\nGrace,Hopper,${email},US,New York,10001,1 Navy Way\n`;
      const res = await api.request("POST", "/v1/imports?preset=generic&sendRegistrationEmails=true", {
        token: co.admin,
        rawBody: csv,
        headers: { "content-type": "text/csv" },
      });
      expect(res.status).toBe(202);
      const requestId = res.headers.get("x-request-id");
      expect(requestId).toMatch(/\S/);
      const { importId } = res.body as { importId: string };

      const wanted = ["request", "import finished", "email sent", "webhook delivered"];
      const lines = await eventually(
        async () => logLinesSince(mark).filter((line) => line.requestId === requestId),
        (found) => wanted.every((message) => found.some((line) => line.message === message)),
        30_000,
      );
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ message: "request", operation: "startImport", status: 202 }),
          expect.objectContaining({ message: "import finished", importId, created: 1 }),
          expect.objectContaining({ message: "email sent", template: "account-registration" }),
          expect.objectContaining({ message: "webhook delivered", webhookId: endpoint.body.id, responseStatus: 200 }),
        ]),
      );
      expect(await emailsTo(email)).toHaveLength(1);
      // The id is the import's alone: the request that created the endpoint has its own.
      expect(endpoint.headers.get("x-request-id")).not.toBe(requestId);
      expect(lines).not.toContainEqual(expect.objectContaining({ operation: "createWebhook" }));
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      await receiver.close();
    }
  });

  it("a test event's delivery carries the id of the POST .../test, and its redelivery that of the redeliver", async () => {
    const receiver = await WebhookReceiver.start();
    const deliverer = await startDelivererFor(co.companyId);
    try {
      const endpoint = await api.request("POST", "/v1/webhooks", {
        token: co.admin,
        body: { url: receiver.url("/redelivery"), events: ["client.deleted"] },
      });
      expect(endpoint.status).toBe(201);
      const delivered = (requestId: string | null) =>
        eventually(
          async () =>
            logLinesSince(0).filter((line) => line.message === "webhook delivered" && line.requestId === requestId),
          (lines) => lines.length > 0,
        );
      const ping = await api.request("POST", `/v1/webhooks/${endpoint.body.id}/test`, { token: co.admin });
      expect(ping.status).toBe(202);
      const [first] = await delivered(ping.headers.get("x-request-id"));
      expect(first).toMatchObject({ webhookId: endpoint.body.id, deliveryId: expect.stringMatching(/^dlv_/) });

      const again = await api.request(
        "POST",
        `/v1/webhooks/${endpoint.body.id}/deliveries/${first!.deliveryId}/redeliver`,
        { token: co.admin },
      );
      expect(again.status).toBe(202);
      const [second] = await delivered(again.headers.get("x-request-id"));
      expect(second).toMatchObject({ deliveryId: first!.deliveryId });
      expect(receiver.requests).toHaveLength(2);
    } finally {
      await deliverer.stop();
      await receiver.close();
    }
  });
});
