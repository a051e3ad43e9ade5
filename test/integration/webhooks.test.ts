import { readFileSync } from "node:fs";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
// @ts-expect-error: the README's example is plain JavaScript, imported as a receiver would.
import { verifyWebhook } from "../../docs/examples/verify-webhook.mjs";
import { resetConfig } from "../../lib/config";
import { db } from "../../lib/store/client";
import { saveWebhook } from "../../lib/store/webhook-repository";
import { sealSecret } from "../../lib/webhooks/secrets";
import { type Resolver, useResolver } from "../../lib/webhooks/url-guard";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { failCommands } from "../helpers/faults";
import { emailsTo, eventually, startMailerFor } from "../helpers/mail";
import { metricPointsSince, metricsMark } from "../helpers/metric-lines";
import { WebhookReceiver } from "../helpers/webhook-receiver";
import { startDelivererFor } from "../helpers/webhooks";

// Retries within seconds instead of days: 0.2 s doubling up to 1 s, a 4 s window, 1 s timeout, 2 s claims.
const SETTINGS: Record<string, string> = {
  CLIENTELE_WEBHOOKS_ALLOW_LOCALHOST: "true",
  CLIENTELE_WEBHOOK_RETRY_SECONDS: "0.2",
  CLIENTELE_WEBHOOK_MAX_RETRY_SECONDS: "1",
  CLIENTELE_WEBHOOK_RETRY_WINDOW_SECONDS: "4",
  CLIENTELE_WEBHOOK_TIMEOUT_SECONDS: "1",
  CLIENTELE_WEBHOOK_LEASE_SECONDS: "2",
};

/** DNS as these tests want it: nothing ever reaches a real resolver. */
const dns = new Map<string, string[]>();
const stubResolver: Resolver = async (hostname) => {
  const addresses = dns.get(hostname);
  if (!addresses) throw Object.assign(new Error(`stub: ${hostname} unknown`), { code: "ENOTFOUND" });
  return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};

let api: TestApi;
let co: TestCompany;
let other: TestCompany;
let receiver: WebhookReceiver;
let deliverer: { stop(): Promise<void> };
let mailer: { stop(): Promise<void> };

beforeAll(async () => {
  Object.assign(process.env, SETTINGS);
  resetConfig();
  useResolver(stubResolver);
  api = await TestApi.start();
  [co, other, receiver] = await Promise.all([
    createTestCompany(api, "Webhooks"),
    createTestCompany(api, "Webhooks other"),
    WebhookReceiver.start(),
  ]);
  deliverer = await startDelivererFor(co.companyId, other.companyId);
  mailer = await startMailerFor(co.companyId);
}, 60_000);

afterAll(async () => {
  await Promise.all([deliverer?.stop(), mailer?.stop(), receiver?.close()]);
  await api.close();
});

async function createEndpoint(company: TestCompany, body: Record<string, unknown>) {
  const res = await api.request("POST", "/v1/webhooks", { token: company.admin, body });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string };
}

async function deliveries(company: TestCompany, webhookId: string) {
  const res = await api.request("GET", `/v1/webhooks/${webhookId}/deliveries`, { token: company.admin });
  expect(res.status).toBe(200);
  return res.body.items as {
    id: string;
    eventId: string;
    status: string;
    attempt: number;
    error: string | null;
    responseStatus: number | null;
  }[];
}

async function ping(company: TestCompany, webhookId: string): Promise<string> {
  const res = await api.request("POST", `/v1/webhooks/${webhookId}/test`, { token: company.admin });
  expect(res.status).toBe(202);
  return res.body.eventId as string;
}

/** The delivery of one event, once it has reached `status`. */
async function deliveryOnce(company: TestCompany, webhookId: string, eventId: string, status: string) {
  const list = await eventually(
    () => deliveries(company, webhookId),
    (items) => items.some((d) => d.eventId === eventId && d.status === status),
    20_000,
  );
  return list.find((d) => d.eventId === eventId);
}

describe("events for every change, signed, once each", () => {
  test("create, edit, deactivate, billing, signup, anonymise and delete arrive signed, in order, without secrets", async () => {
    const receiverPath = "/all";
    const endpoint = await createEndpoint(co, { url: receiver.url(receiverPath), events: ["*"] });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const groupId = (await api.request("GET", "/v1/client-groups", { token: co.staff })).body.items[0].id;
    const field = await api.request("POST", `/v1/client-groups/${groupId}/custom-fields`, {
      token: co.admin,
      body: { name: "Passport", type: "text", encrypted: true },
    });
    const secretValue = `P-${Date.now()}`;
    const created = await api.request("POST", "/v1/clients", {
      token: co.staff,
      body: clientBody({ customFields: { [field.body.id]: secretValue } }),
    });
    expect(created.status).toBe(201);
    const clientId = created.body.id as string;
    const path = `/v1/clients/${clientId}`;
    expect((await api.request("PATCH", path, { token: co.staff, body: { city: "Paris" } })).status).toBe(200);
    expect(
      (await api.request("POST", `${path}/status`, { token: co.staff, body: { status: "inactive" } })).status,
    ).toBe(200);
    const invoice = await api.request("POST", `${path}/invoices`, {
      token: co.staff,
      body: { lines: [{ description: "Hosting", unitPrice: "10.00" }] },
    });
    expect(invoice.status).toBe(201);
    const payment = { type: "payment", amount: "10.00", invoiceId: invoice.body.id };
    expect((await api.request("POST", `${path}/transactions`, { token: co.staff, body: payment })).status).toBe(201);
    const service = { name: "VPS", price: "5.00", billingPeriod: "monthly" };
    expect((await api.request("POST", `${path}/services`, { token: co.staff, body: service })).status).toBe(201);
    const signup = await api.request("POST", `/v1/signup?company=${co.companyId}`, {
      body: { ...clientBody(), formStartedAt: Date.now() - 10_000 },
    });
    expect(signup.status).toBe(201);
    const anonymised = await api.request("POST", `/v1/clients/${signup.body.clientId}/anonymise`, { token: co.admin });
    expect(anonymised.status).toBe(200);
    const deletedAt = Date.now();
    expect((await api.request("DELETE", path, { token: co.staff })).status).toBe(204);
    await ping(co, endpoint.id);

    const expected = [
      "client.created",
      "client.updated",
      "client.status_changed",
      "invoice.created",
      "transaction.created",
      "service.created",
      "client.created",
      "signup.completed",
      "client.anonymised",
      "client.deleted",
      "ping",
    ];
    const received = await eventually(
      async () => receiver.requests.filter((r) => r.path === receiverPath),
      (requests) => requests.length >= expected.length,
      20_000,
    );
    const events = received.map((r) => JSON.parse(r.body));
    expect(events.map((e) => e.type).sort()).toEqual([...expected].sort());
    // Once each: no event id twice.
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const request of received) {
      expect(verifyWebhook(request.body, request.headers["clientele-signature"], endpoint.secret)).toBe(true);
      expect(verifyWebhook(request.body, request.headers["clientele-signature"], "whsec_wrong")).toBe(false);
      expect(request.headers["clientele-event-type"]).toBe(JSON.parse(request.body).type);
      expect(request.body).not.toContain(secretValue);
      expect(request.body).not.toContain(TEST_PASSWORD);
    }
    // The client's own four events, in the order of their createdAt, as the changes were made.
    const lifecycle = events
      .filter((e) => e.data.object.id === clientId && e.type.startsWith("client."))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    expect(lifecycle.map((e) => e.type)).toEqual([
      "client.created",
      "client.updated",
      "client.status_changed",
      "client.deleted",
    ]);
    const [, updated, statusChanged, deleted] = lifecycle;
    expect(updated.data.previous).toEqual({ city: null });
    expect(updated.data.object.city).toBe("Paris");
    expect(statusChanged.data.previous).toEqual({ status: "active" });
    expect(statusChanged.data.object.status).toBe("inactive");
    expect(Date.parse(deleted.createdAt)).toBeGreaterThanOrEqual(deletedAt - 1000);
    expect(lifecycle[0].data.object.customFields).toEqual({});
    const erased = events.find((e) => e.type === "client.anonymised");
    expect(erased.data.object).toMatchObject({ id: signup.body.clientId, email: anonymised.body.email });
    const invoiceEvent = events.find((e) => e.type === "invoice.created");
    expect(invoiceEvent.data.object).toMatchObject({ id: invoice.body.id, clientId, total: "10.00" });
    // The delivery log shows each one succeeded, newest first.
    const log = await deliveries(co, endpoint.id);
    expect(log.filter((d) => d.status === "succeeded")).toHaveLength(expected.length);
    expect(log.map((d) => d.id)).toEqual([...log.map((d) => d.id)].sort().reverse());
    // No more events for this endpoint in the other tests: they ping their own.
    expect((await api.request("DELETE", `/v1/webhooks/${endpoint.id}`, { token: co.admin })).status).toBe(204);
  }, 60_000);

  test("the README shows the verification example that these tests run", () => {
    const example = readFileSync(new URL("../../docs/examples/verify-webhook.mjs", import.meta.url), "utf8");
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(example.trim());
  });

  test("after a rotation both secrets sign until the old one expires", async () => {
    const endpoint = await createEndpoint(co, { url: receiver.url("/rotated"), events: ["ping"] });
    const rotated = await api.request("POST", `/v1/webhooks/${endpoint.id}/rotate-secret`, { token: co.admin });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const eventId = await ping(co, endpoint.id);
    const [request] = await eventually(
      async () => receiver.deliveriesOf(eventId),
      (r) => r.length > 0,
    );
    const signature = request!.headers["clientele-signature"] as string;
    expect(signature.match(/v1=/g)).toHaveLength(2);
    expect(verifyWebhook(request!.body, signature, endpoint.secret)).toBe(true);
    expect(verifyWebhook(request!.body, signature, rotated.body.secret)).toBe(true);
  });
});

describe("retries", () => {
  test("a receiver failing twice gets the event on the third attempt", async () => {
    const endpoint = await createEndpoint(co, { url: receiver.url("/flaky"), events: ["ping"] });
    receiver.next("fail", "fail");
    const mark = metricsMark();
    const eventId = await ping(co, endpoint.id);
    const delivery = await deliveryOnce(co, endpoint.id, eventId, "succeeded");
    expect(delivery?.attempt).toBe(3);
    expect(receiver.deliveriesOf(eventId).map((r) => r.answered)).toEqual(["fail", "fail", "ok"]);
    // The attempts as metrics (other tests' retries may add to them, never take away).
    const points = metricPointsSince(mark);
    const outcomes = points.filter((p) => p.name === "WebhookDeliveries").map((p) => p.dimensions.outcome);
    expect(outcomes.filter((o) => o === "failed").length).toBeGreaterThanOrEqual(2);
    expect(outcomes).toContain("succeeded");
    expect(points.some((p) => p.name === "WebhookDeliveryDelay" && p.value > 0)).toBe(true);
  });

  test("a hanging receiver is cut at the timeout and the event retried", async () => {
    const endpoint = await createEndpoint(co, { url: receiver.url("/hangs"), events: ["ping"] });
    receiver.next("hang");
    const eventId = await ping(co, endpoint.id);
    const delivery = await deliveryOnce(co, endpoint.id, eventId, "succeeded");
    expect(delivery?.attempt).toBe(2);
    expect(receiver.deliveriesOf(eventId).map((r) => r.answered)).toEqual(["hang", "ok"]);
  });

  test("a crash after sending and before recording sends the event again, same id", async () => {
    const endpoint = await createEndpoint(co, { url: receiver.url("/crash"), events: ["ping"] });
    const recordingSuccess = (command: unknown) =>
      command instanceof UpdateCommand && command.input.ExpressionAttributeValues?.[":status"] === "succeeded";
    const fault = failCommands(db(), recordingSuccess, 1);
    try {
      const eventId = await ping(co, endpoint.id);
      const delivery = await deliveryOnce(co, endpoint.id, eventId, "succeeded");
      expect(fault.remaining).toBe(0);
      expect(delivery?.attempt).toBe(2);
      const sent = receiver.deliveriesOf(eventId);
      expect(sent).toHaveLength(2);
      expect(sent.map((r) => JSON.parse(r.body).id)).toEqual([eventId, eventId]);
    } finally {
      fault.restore();
    }
  });

  test("a receiver down for the whole window: delivery failed, endpoint disabled, admins emailed", async () => {
    const down = await WebhookReceiver.start();
    down.down = true;
    try {
      const endpoint = await createEndpoint(co, { url: down.url("/down"), events: ["ping"] });
      const eventId = await ping(co, endpoint.id);
      const delivery = await deliveryOnce(co, endpoint.id, eventId, "failed");
      expect(delivery?.error).toBe("http-500");
      expect(down.deliveriesOf(eventId).length).toBeGreaterThanOrEqual(3);
      const after = await api.request("GET", `/v1/webhooks/${endpoint.id}`, { token: co.admin });
      expect(after.body).toMatchObject({ enabled: false, disabledReason: "failing" });
      const mail = await eventually(
        () => emailsTo(`${co.adminUsername}@test.localhost`),
        (emails) => emails.some((e) => e.subject.includes(down.url("/down"))),
      );
      expect(mail.some((e) => e.subject.includes(down.url("/down")))).toBe(true);
      // Staff members who are not admins are not told.
      expect((await emailsTo(`${co.staffUsername}@test.localhost`)).some((e) => e.subject.includes("Webhook"))).toBe(
        false,
      );
      // Enabling it again starts anew, and a redelivery sends the same event again.
      down.down = false;
      const enabled = await api.request("PATCH", `/v1/webhooks/${endpoint.id}`, {
        token: co.admin,
        body: { enabled: true },
      });
      expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
      const redelivered = await api.request(
        "POST",
        `/v1/webhooks/${endpoint.id}/deliveries/${delivery!.id}/redeliver`,
        { token: co.admin },
      );
      expect(redelivered.status).toBe(202);
      await deliveryOnce(co, endpoint.id, eventId, "succeeded");
      expect(down.deliveriesOf(eventId).at(-1)?.answered).toBe("ok");
    } finally {
      await down.close();
    }
  }, 40_000);
});

describe("SSRF", () => {
  const refused = async (url: string) => {
    const res = await api.request("POST", "/v1/webhooks", { token: co.admin, body: { url, events: ["*"] } });
    return res.status === 422 && res.body.errors?.[0]?.path === "url";
  };

  test("private, loopback, link-local and metadata addresses are refused at creation", async () => {
    dns.set("metadata.example.test", ["169.254.169.254"]);
    dns.set("mixed.example.test", ["fd00:ec2::254"]);
    for (const url of [
      "http://10.0.0.1/hook",
      "https://10.0.0.1/hook",
      "http://[::1]/hook",
      "https://[::1]/hook",
      "https://169.254.169.254/latest/meta-data",
      "https://[fd00:ec2::254]/",
      "https://[::ffff:169.254.169.254]/",
      "https://100.64.0.1/",
      "https://0.0.0.0/",
      "https://metadata.example.test/hook",
      "https://mixed.example.test/hook",
      "https://unknown.example.test/hook",
      "ftp://files.example.test/",
      "https://user:pass@metadata.example.test/",
    ]) {
      expect([url, await refused(url)]).toEqual([url, true]);
    }
  });

  test("http://127.0.0.1 is refused without the installation setting", async () => {
    process.env.CLIENTELE_WEBHOOKS_ALLOW_LOCALHOST = "false";
    resetConfig();
    try {
      expect(await refused(receiver.url())).toBe(true);
      expect(await refused(`http://localhost:${receiver.port}/`)).toBe(true);
    } finally {
      process.env.CLIENTELE_WEBHOOKS_ALLOW_LOCALHOST = "true";
      resetConfig();
    }
  });

  test("a name that points inside by delivery time is refused then, and nothing is sent", async () => {
    // Stored as creation would have stored it while the name still resolved elsewhere.
    const webhookId = `wh_rebind${Date.now()}`;
    const now = new Date().toISOString();
    await saveWebhook({
      id: webhookId,
      companyId: co.companyId,
      url: "https://rebind.example.test/hook",
      events: ["ping"],
      description: null,
      enabled: true,
      disabledReason: null,
      secrets: [await sealSecret(co.companyId, webhookId, "whsec_rebind")],
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    dns.set("rebind.example.test", ["169.254.169.254"]);
    const eventId = await ping(co, webhookId);
    const [delivery] = await eventually(
      async () => (await deliveries(co, webhookId)).filter((d) => d.eventId === eventId && d.attempt > 0),
      (list) => list.length > 0 && list[0]!.error !== null,
    );
    expect(delivery).toMatchObject({ error: "refused-address", responseStatus: null });
    expect(receiver.deliveriesOf(eventId)).toEqual([]);
    expect((await api.request("DELETE", `/v1/webhooks/${webhookId}`, { token: co.admin })).status).toBe(204);
  });
});

describe("who may see what", () => {
  test("another company's endpoints and deliveries answer 404; staff and clients 403", async () => {
    const endpoint = await createEndpoint(co, { url: receiver.url("/private"), events: ["ping"] });
    const eventId = await ping(co, endpoint.id);
    const delivery = await deliveryOnce(co, endpoint.id, eventId, "succeeded");
    const base = `/v1/webhooks/${endpoint.id}`;
    for (const [method, path] of [
      ["GET", base],
      ["PATCH", base],
      ["DELETE", base],
      ["POST", `${base}/rotate-secret`],
      ["POST", `${base}/test`],
      ["GET", `${base}/deliveries`],
      ["POST", `${base}/deliveries/${delivery!.id}/redeliver`],
    ] as const) {
      const body = method === "PATCH" ? { description: "taken over" } : undefined;
      const res = await api.request(method, path, { token: other.admin, body });
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(JSON.stringify(res.body)).not.toContain(receiver.url("/private"));
      expect((await api.request(method, path, { token: co.staff, body })).status).toBe(403);
    }
    const listed = await api.request("GET", "/v1/webhooks", { token: other.admin });
    expect(listed.body.items.map((w: { id: string }) => w.id)).not.toContain(endpoint.id);
    // The owner still has it, unchanged.
    const own = await api.request("GET", base, { token: co.admin });
    expect(own.body.description).toBeNull();
    expect(own.body).not.toHaveProperty("secret");
  });

  test("a create replayed with its Idempotency-Key answers the same endpoint without the secret", async () => {
    const headers = { "idempotency-key": `wh-${Date.now()}` };
    const body = { url: receiver.url("/idem"), events: ["client.created"] };
    const first = await api.request("POST", "/v1/webhooks", { token: co.admin, body, headers });
    const again = await api.request("POST", "/v1/webhooks", { token: co.admin, body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(first.body.secret).toMatch(/^whsec_/);
    expect(again.body).not.toHaveProperty("secret");
  });
});
