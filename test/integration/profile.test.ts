import { BatchWriteCommand, type QueryCommandOutput } from "@aws-sdk/lib-dynamodb";
import { jest } from "@jest/globals";
import fc from "fast-check";
import { timeOrderedId } from "../../lib/domain/billing-ids";
import { db, tableName } from "../../lib/store/client";
import { toItem } from "../../lib/store/items";
import { keys } from "../../lib/store/keys";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, type TestCompany } from "../helpers/companies";

let api: TestApi;
let co: TestCompany;

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Profile");
  const res = await api.request("PATCH", "/v1/company", {
    token: co.admin,
    body: { currencies: ["USD", "JPY", "BHD"], taxRate: "10" },
  });
  expect(res.status).toBe(200);
});
afterAll(() => api.close());

async function newClient(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await api.request("POST", "/v1/clients", { token: co.staff, body: clientBody(overrides) });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const post = (clientId: string, kind: string, body: unknown) =>
  api.request("POST", `/v1/clients/${clientId}/${kind}`, { token: co.staff, body });

const getProfile = (clientId: string, token = co.staff) =>
  api.request("GET", `/v1/clients/${clientId}/profile`, { token });

describe("the client profile", () => {
  it("shows the client overview, totals, actions and the three widgets with their latest records", async () => {
    const clientId = await newClient({ company: "Analytical Engines Ltd", currency: "USD" });
    const empty = await getProfile(clientId);
    expect(empty.status).toBe(200);
    expect(Object.keys(empty.body)).toEqual(["client", "amountsDue", "credits", "actions", "widgets"]);
    expect(empty.body.client).toMatchObject({ id: clientId, company: "Analytical Engines Ltd", status: "active" });
    expect(empty.body.amountsDue).toEqual([]);
    expect(empty.body.credits).toEqual([]);
    expect(empty.body.widgets).toEqual([
      { id: "invoices", minimized: false, items: [] },
      { id: "transactions", minimized: false, items: [] },
      { id: "services", minimized: false, items: [] },
    ]);

    const invoices: string[] = [];
    for (let i = 1; i <= 7; i++) {
      invoices.push((await post(clientId, "invoices", { lines: [{ description: `#${i}`, unitPrice: "10" }] })).body.id);
    }
    await post(clientId, "transactions", { type: "payment", amount: "11.00", invoiceId: invoices[0] });
    await post(clientId, "transactions", { type: "credit", amount: "500", currency: "JPY" });
    await post(clientId, "services", { name: "VPS", price: "5.00", billingPeriod: "monthly" });

    const full = (await getProfile(clientId)).body;
    // 7 invoices of 11.00 (10% tax), one paid.
    expect(full.amountsDue).toEqual([{ currency: "USD", amount: "66.00" }]);
    expect(full.credits).toEqual([{ currency: "JPY", amount: "500" }]);
    const [inv, txn, svc] = full.widgets;
    expect(inv.items.map((i: { id: string }) => i.id)).toEqual(invoices.slice(2).reverse());
    expect(inv.items[0]).toMatchObject({ total: "11.00", tax: "1.00", status: "open" });
    expect(txn.items.map((t: { type: string }) => t.type)).toEqual(["credit", "payment"]);
    expect(svc.items).toEqual([expect.objectContaining({ name: "VPS", renewalCurrency: "USD", price: "5.00" })]);
  });

  it("offers the account actions that apply to the client's status", async () => {
    const clientId = await newClient();
    expect((await getProfile(clientId)).body.actions).toEqual([
      "deactivate",
      "markFraud",
      "delete",
      "resetPassword",
      "resendRegistrationEmail",
    ]);
    const setStatus = async (status: string) => {
      const res = await api.request("POST", `/v1/clients/${clientId}/status`, { token: co.staff, body: { status } });
      expect(res.status).toBe(200);
    };
    await setStatus("inactive");
    const inactive = (await getProfile(clientId)).body;
    expect(inactive.client.status).toBe("inactive");
    expect(inactive.actions).toEqual(["activate", "markFraud", "delete", "resetPassword"]);
    await setStatus("fraud");
    expect((await getProfile(clientId)).body.actions).toEqual(["activate", "deactivate", "delete"]);
  });

  it("is gone with the client: a deleted client's profile and records answer 404", async () => {
    const clientId = await newClient();
    await post(clientId, "invoices", { lines: [{ description: "x", unitPrice: "1" }] });
    expect((await api.request("DELETE", `/v1/clients/${clientId}`, { token: co.staff })).status).toBe(204);
    expect((await getProfile(clientId)).status).toBe(404);
    expect((await api.request("GET", `/v1/clients/${clientId}/invoices`, { token: co.staff })).status).toBe(404);
    expect((await post(clientId, "invoices", { lines: [{ description: "x", unitPrice: "1" }] })).status).toBe(404);
  });
});

/** What a read names of its target: a key, or a partition in its key condition. */
type StoreInput = { Key?: { pk?: string }; ExpressionAttributeValues?: Record<string, unknown> };

describe("the profile of a client with 1,000 billing records", () => {
  const SEEDED = 1000;

  /** Older history, written straight to the store in batches: going through the API would take a minute. */
  async function seedOldRecords(clientId: string) {
    const start = Date.now() - 365 * 24 * 3600 * 1000;
    const items = Array.from({ length: SEEDED }, (_, i) => {
      const at = start + i * 1000;
      const id = timeOrderedId("txn", at);
      return toItem(keys.billingRecord(co.companyId, clientId, "transactions", id), "transaction", {
        id,
        type: "payment",
        currency: "USD",
        amount: 100n,
        invoiceId: null,
        date: new Date(at).toISOString().slice(0, 10),
        reference: `seed-${i}`,
        createdAt: new Date(at).toISOString(),
      });
    });
    const batches = Array.from({ length: items.length / 25 }, (_, i) => items.slice(i * 25, i * 25 + 25));
    await Promise.all(
      batches.map(async (batch) => {
        const { UnprocessedItems } = await db().send(
          new BatchWriteCommand({ RequestItems: { [tableName()]: batch.map((Item) => ({ PutRequest: { Item } })) } }),
        );
        expect(UnprocessedItems?.[tableName()] ?? []).toHaveLength(0);
      }),
    );
  }

  it("takes one Query of the client's partition, reading two items, plus the layout read", async () => {
    const clientId = await newClient();
    await seedOldRecords(clientId);
    const recent: string[] = [];
    for (let i = 0; i < 6; i++) {
      recent.push((await post(clientId, "transactions", { type: "credit", amount: "1.00" })).body.id);
      await post(clientId, "invoices", { lines: [{ description: `#${i}`, unitPrice: "2.00" }] });
      await post(clientId, "services", { name: `Service ${i}`, price: "3.00", billingPeriod: "monthly" });
    }

    const send = jest.spyOn(db(), "send");
    let res: Awaited<ReturnType<typeof getProfile>>;
    let calls: { name: string; input: StoreInput }[];
    let results: unknown[];
    try {
      res = await getProfile(clientId);
      calls = send.mock.calls.map(([command]) => ({
        name: command.constructor.name,
        input: command.input as StoreInput,
      }));
      results = await Promise.all(send.mock.results.map((r) => r.value));
    } finally {
      send.mockRestore();
    }
    expect(res.status).toBe(200);
    const partition = keys.clientPartition(co.companyId, clientId).pk;
    const partitionReads = calls.filter(
      ({ input }) => input.Key?.pk === partition || input.ExpressionAttributeValues?.[":pk"] === partition,
    );
    expect(partitionReads.map((c) => c.name)).toEqual(["QueryCommand"]);
    expect(calls.map((c) => c.name).sort()).toEqual(["GetCommand", "QueryCommand"]);
    const queryIndex = calls.findIndex((c) => c.name === "QueryCommand");
    const query = results[queryIndex] as QueryCommandOutput;
    expect(query.ScannedCount).toBe(2);
    expect(query.LastEvaluatedKey).toBeUndefined();

    const txn = res.body.widgets.find((w: { id: string }) => w.id === "transactions");
    expect(txn.items.map((t: { id: string }) => t.id)).toEqual(recent.slice(1).reverse());
    expect(res.body.widgets.map((w: { items: unknown[] }) => w.items.length)).toEqual([5, 5, 5]);

    // The full list still pages through every record, newest first, the seeded ones last.
    let cursor: string | null = null;
    const listed: { id: string; reference: string | null }[] = [];
    do {
      const page: Awaited<ReturnType<typeof getProfile>> = await api.request(
        "GET",
        `/v1/clients/${clientId}/transactions?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        { token: co.staff },
      );
      listed.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(listed).toHaveLength(SEEDED + 6);
    expect(listed.slice(0, 6).map((t) => t.id)).toEqual([...recent].reverse());
    expect(listed[6]!.reference).toBe(`seed-${SEEDED - 1}`);
    expect(listed[listed.length - 1]!.reference).toBe("seed-0");
  }, 120_000);
});

describe("amounts due and credits per currency", () => {
  // The model works in whole minor units and knows each currency's decimals itself.
  const DECIMALS: Record<string, number> = { USD: 2, JPY: 0, BHD: 3 };
  const toText = (minor: number, currency: string) => {
    const decimals = DECIMALS[currency]!;
    const digits = String(minor).padStart(decimals + 1, "0");
    return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  };

  type Op =
    | { op: "invoice"; currency: string; minor: number }
    | { op: "pay"; invoice: number; minor: number }
    | { op: "credit" | "payment" | "refund"; currency: string; minor: number };

  const currency = fc.constantFrom("USD", "JPY", "BHD");
  const minor = fc.integer({ min: 1, max: 5_000_000 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant("invoice" as const), currency, minor }),
    fc.record({ op: fc.constant("pay" as const), invoice: fc.nat({ max: 5 }), minor }),
    fc.record({ op: fc.constantFrom("credit" as const, "payment" as const, "refund" as const), currency, minor }),
  );

  it("sum exactly as a simple model does, whatever the mix of records", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        // Tax-exempt, so an invoice's total is exactly its one line.
        const clientId = await newClient({ taxExempt: true, currency: "USD" });
        const invoices: { id: string; currency: string; total: number; paid: number }[] = [];
        const credits: Record<string, number> = {};
        for (const step of ops) {
          if (step.op === "invoice") {
            const res = await post(clientId, "invoices", {
              currency: step.currency,
              lines: [{ description: "line", unitPrice: toText(step.minor, step.currency) }],
            });
            expect(res.status).toBe(201);
            invoices.push({ id: res.body.id, currency: step.currency, total: step.minor, paid: 0 });
          } else if (step.op === "pay") {
            const target = invoices[step.invoice];
            if (!target) continue;
            const res = await post(clientId, "transactions", {
              type: "payment",
              amount: toText(step.minor, target.currency),
              invoiceId: target.id,
            });
            const fits = step.minor <= target.total - target.paid;
            expect(res.status).toBe(fits ? 201 : 409);
            if (fits) target.paid += step.minor;
          } else {
            const res = await post(clientId, "transactions", {
              type: step.op,
              amount: toText(step.minor, step.currency),
              currency: step.currency,
            });
            const held = credits[step.currency] ?? 0;
            const fits = step.op !== "refund" || step.minor <= held;
            expect(res.status).toBe(fits ? 201 : 409);
            if (fits) credits[step.currency] = held + (step.op === "refund" ? -step.minor : step.minor);
          }
        }
        const due: Record<string, number> = {};
        for (const inv of invoices) due[inv.currency] = (due[inv.currency] ?? 0) + inv.total - inv.paid;
        const asList = (totals: Record<string, number>) =>
          Object.entries(totals)
            .filter(([, amount]) => amount !== 0)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([code, amount]) => ({ currency: code, amount: toText(amount, code) }));

        const profile = (await getProfile(clientId)).body;
        expect(profile.amountsDue).toEqual(asList(due));
        expect(profile.credits).toEqual(asList(credits));
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
