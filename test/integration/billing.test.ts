import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, type TestCompany } from "../helpers/companies";

let api: TestApi;
let co: TestCompany;

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Billing");
  const res = await api.request("PATCH", "/v1/company", {
    token: co.admin,
    body: { currencies: ["USD", "EUR", "GBP", "JPY", "BHD"], taxRate: "20" },
  });
  expect(res.status).toBe(200);
});
afterAll(() => api.close());

async function newClient(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await api.request("POST", "/v1/clients", { token: co.staff, body: clientBody(overrides) });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const post = (clientId: string, kind: string, body: unknown, headers?: Record<string, string>) =>
  api.request("POST", `/v1/clients/${clientId}/${kind}`, { token: co.staff, body, headers });

const profile = async (clientId: string) => {
  const res = await api.request("GET", `/v1/clients/${clientId}/profile`, { token: co.staff });
  expect(res.status).toBe(200);
  return res.body;
};

const invoice = (unitPrice: string, extra: Record<string, unknown> = {}) => ({
  lines: [{ description: "Hosting", quantity: 1, unitPrice }],
  ...extra,
});

describe("invoices", () => {
  it("are taxed at the company's rate, line by line and rounded half up", async () => {
    const clientId = await newClient({ currency: "USD" });
    const res = await post(clientId, "invoices", {
      lines: [
        { description: "Web hosting", quantity: 3, unitPrice: "9.99" },
        { description: "Support", quantity: "1.5", unitPrice: "40.01" },
      ],
      dueDate: "2099-12-31",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      currency: "USD",
      status: "open",
      taxRate: "20",
      // 3 × 9.99 = 29.97; 1.5 × 40.01 = 60.015 → 60.02; tax 20% of 89.99 = 17.998 → 18.00
      lines: [
        { description: "Web hosting", quantity: "3", unitPrice: "9.99", amount: "29.97" },
        { description: "Support", quantity: "1.5", unitPrice: "40.01", amount: "60.02" },
      ],
      subtotal: "89.99",
      tax: "18.00",
      total: "107.99",
      amountPaid: "0.00",
      amountDue: "107.99",
      dueDate: "2099-12-31",
    });
    expect(res.body.id).toMatch(/^inv_/);
    expect(typeof res.body.number).toBe("number");
    expect((await profile(clientId)).amountsDue).toEqual([{ currency: "USD", amount: "107.99" }]);
  });

  it("carry no tax for a tax-exempt client, whatever the company's and group's rates", async () => {
    const group = await api.request("POST", "/v1/client-groups", {
      token: co.admin,
      body: { name: "Taxed 25", settings: { taxRate: "25" } },
    });
    expect(group.status).toBe(201);
    for (const groupId of [undefined, group.body.id]) {
      const clientId = await newClient({ taxExempt: true, ...(groupId ? { groupId } : {}) });
      const res = await post(clientId, "invoices", invoice("100.00"));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ taxRate: "0", subtotal: "100.00", tax: "0.00", total: "100.00" });
    }
  });

  it("take the group's tax rate over the company's", async () => {
    const group = await api.request("POST", "/v1/client-groups", {
      token: co.admin,
      body: { name: "Reduced rate", settings: { taxRate: "7.25" } },
    });
    const clientId = await newClient({ groupId: group.body.id });
    const res = await post(clientId, "invoices", invoice("10.00"));
    expect(res.body).toMatchObject({ taxRate: "7.25", tax: "0.73", total: "10.73" });
  });

  it("follow the currency's decimals: JPY has none, BHD has three", async () => {
    const clientId = await newClient({ currency: "JPY" });
    const yen = await post(clientId, "invoices", invoice("1500"));
    expect(yen.body).toMatchObject({ currency: "JPY", subtotal: "1500", tax: "300", total: "1800" });

    const fractionalYen = await post(clientId, "invoices", invoice("1500.5"));
    expect(fractionalYen.status).toBe(422);
    expect(fractionalYen.body.errors).toEqual([{ path: "lines.0.unitPrice", message: expect.stringMatching(/JPY/) }]);

    const dinar = await post(clientId, "invoices", invoice("1.235", { currency: "BHD" }));
    expect(dinar.body).toMatchObject({ currency: "BHD", subtotal: "1.235", tax: "0.247", total: "1.482" });
  });

  it("refuse a currency the company does not accept, numbers for money, and unknown fields", async () => {
    const clientId = await newClient();
    const chf = await post(clientId, "invoices", invoice("1.00", { currency: "CHF" }));
    expect(chf.status).toBe(422);
    expect(chf.body.errors).toEqual([{ path: "currency", message: expect.any(String) }]);

    const number = await post(clientId, "invoices", { lines: [{ description: "x", unitPrice: 12.5 }] });
    expect(number.status).toBe(422);
    expect(number.body.errors[0].path).toBe("lines.0.unitPrice");

    const extra = await post(clientId, "invoices", invoice("1.00", { total: "0.01" }));
    expect(extra.status).toBe(422);
    expect(extra.body.errors).toEqual([{ path: "total", message: expect.any(String) }]);

    const early = await post(clientId, "invoices", invoice("1.00", { date: "2030-01-10", dueDate: "2030-01-09" }));
    expect(early.status).toBe(422);
    expect(early.body.errors[0].path).toBe("dueDate");
  });

  it("as drafts owe nothing yet", async () => {
    const clientId = await newClient();
    const res = await post(clientId, "invoices", invoice("50.00", { status: "draft" }));
    expect(res.body).toMatchObject({ status: "draft", amountDue: "0.00" });
    expect((await profile(clientId)).amountsDue).toEqual([]);
  });
});

describe("transactions", () => {
  it("pay an invoice in part and in full; the amount due follows", async () => {
    const clientId = await newClient({ taxExempt: true });
    const inv = (await post(clientId, "invoices", invoice("100.00"))).body;

    const part = await post(clientId, "transactions", { type: "payment", amount: "30", invoiceId: inv.id });
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({ type: "payment", currency: "USD", amount: "30.00", invoiceId: inv.id });
    expect((await profile(clientId)).amountsDue).toEqual([{ currency: "USD", amount: "70.00" }]);

    const rest = await post(clientId, "transactions", { type: "payment", amount: "70.00", invoiceId: inv.id });
    expect(rest.status).toBe(201);
    const after = await profile(clientId);
    expect(after.amountsDue).toEqual([]);
    const shown = after.widgets.find((w: { id: string }) => w.id === "invoices").items[0];
    expect(shown).toMatchObject({ id: inv.id, status: "paid", amountPaid: "100.00", amountDue: "0.00" });
    const listed = await api.request("GET", `/v1/clients/${clientId}/invoices`, { token: co.staff });
    expect(listed.body.items[0]).toMatchObject({ id: inv.id, status: "paid", amountPaid: "100.00" });
  });

  it("refuse to pay past an invoice's balance, into another currency, or an invoice that is not the client's", async () => {
    const clientId = await newClient({ taxExempt: true });
    const other = await newClient({ taxExempt: true });
    const inv = (await post(clientId, "invoices", invoice("10.00"))).body;

    const over = await post(clientId, "transactions", { type: "payment", amount: "10.01", invoiceId: inv.id });
    expect(over.status).toBe(409);
    expect(over.body.type).toMatch(/\/exceeds-invoice-balance$/);

    const euro = await post(clientId, "transactions", {
      type: "payment",
      amount: "1",
      currency: "EUR",
      invoiceId: inv.id,
    });
    expect(euro.status).toBe(422);
    expect(euro.body.errors).toEqual([{ path: "currency", message: expect.stringMatching(/USD/) }]);

    const foreign = await post(other, "transactions", { type: "payment", amount: "1", invoiceId: inv.id });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].path).toBe("invoiceId");

    const zero = await post(clientId, "transactions", { type: "payment", amount: "0.00", invoiceId: inv.id });
    expect(zero.status).toBe(422);
    expect(zero.body.errors[0].path).toBe("amount");

    expect((await profile(clientId)).amountsDue).toEqual([{ currency: "USD", amount: "10.00" }]);
  });

  it("two payments racing on one invoice cannot both apply past its total", async () => {
    const clientId = await newClient({ taxExempt: true });
    const inv = (await post(clientId, "invoices", invoice("100.00"))).body;
    const results = await Promise.all(
      [1, 2].map(() => post(clientId, "transactions", { type: "payment", amount: "60.00", invoiceId: inv.id })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const after = await profile(clientId);
    expect(after.amountsDue).toEqual([{ currency: "USD", amount: "40.00" }]);
    const listed = await api.request("GET", `/v1/clients/${clientId}/transactions`, { token: co.staff });
    expect(listed.body.items).toHaveLength(1);
  });

  it("many racing payments apply exactly up to the total, and the totals agree with the records", async () => {
    const clientId = await newClient({ taxExempt: true });
    const inv = (await post(clientId, "invoices", invoice("100.00"))).body;
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        post(clientId, "transactions", { type: "payment", amount: "30.00", invoiceId: inv.id }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.type)).toEqual(
      Array(3).fill(expect.stringMatching(/\/exceeds-invoice-balance$/)),
    );
    expect((await profile(clientId)).amountsDue).toEqual([{ currency: "USD", amount: "10.00" }]);
  });

  it("unapplied payments and credits are credit held per currency; refunds give it back, never more", async () => {
    const clientId = await newClient();
    expect((await post(clientId, "transactions", { type: "credit", amount: "25.00" })).status).toBe(201);
    expect((await post(clientId, "transactions", { type: "payment", amount: "5", currency: "EUR" })).status).toBe(201);
    expect((await post(clientId, "transactions", { type: "refund", amount: "10.00" })).status).toBe(201);
    expect((await profile(clientId)).credits).toEqual([
      { currency: "EUR", amount: "5.00" },
      { currency: "USD", amount: "15.00" },
    ]);

    const tooMuch = await post(clientId, "transactions", { type: "refund", amount: "5.01", currency: "EUR" });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.type).toMatch(/\/exceeds-credit$/);
  });

  it("a refund on a paid invoice reopens it for what was given back", async () => {
    const clientId = await newClient({ taxExempt: true });
    const inv = (await post(clientId, "invoices", invoice("20.00"))).body;
    await post(clientId, "transactions", { type: "payment", amount: "20.00", invoiceId: inv.id });
    const refund = await post(clientId, "transactions", { type: "refund", amount: "5.00", invoiceId: inv.id });
    expect(refund.status).toBe(201);
    const after = await profile(clientId);
    expect(after.amountsDue).toEqual([{ currency: "USD", amount: "5.00" }]);
    expect(after.widgets.find((w: { id: string }) => w.id === "invoices").items[0]).toMatchObject({
      status: "open",
      amountPaid: "15.00",
    });
    const tooMuch = await post(clientId, "transactions", { type: "refund", amount: "15.01", invoiceId: inv.id });
    expect(tooMuch.status).toBe(409);
  });
});

describe("services", () => {
  it("renew in the client's currency unless the order named one; a currency change moves future renewals only", async () => {
    const clientId = await newClient({ currency: "USD" });
    const follows = await post(clientId, "services", { name: "VPS", price: "10.00", billingPeriod: "monthly" });
    expect(follows.status).toBe(201);
    expect(follows.body).toMatchObject({
      currency: "USD",
      currencyFromOrder: false,
      renewalCurrency: "USD",
      status: "active",
    });
    expect(follows.body.nextRenewalDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const fixed = await post(clientId, "services", {
      name: "Domain",
      price: "12.00",
      currency: "EUR",
      billingPeriod: "annually",
      nextRenewalDate: "2031-02-01",
    });
    expect(fixed.body).toMatchObject({ currency: "EUR", currencyFromOrder: true, renewalCurrency: "EUR" });
    const issued = (await post(clientId, "invoices", invoice("10.00"))).body;

    const patch = await api.request("PATCH", `/v1/clients/${clientId}`, { token: co.staff, body: { currency: "GBP" } });
    expect(patch.status).toBe(200);

    const services = await api.request("GET", `/v1/clients/${clientId}/services`, { token: co.staff });
    const byName = Object.fromEntries(services.body.items.map((s: { name: string }) => [s.name, s]));
    // The VPS now renews in GBP; what it was ordered in, and the invoice already issued, stay USD.
    expect(byName.VPS).toMatchObject({ currency: "USD", price: "10.00", renewalCurrency: "GBP" });
    expect(byName.Domain).toMatchObject({ currency: "EUR", renewalCurrency: "EUR" });
    const invoices = await api.request("GET", `/v1/clients/${clientId}/invoices`, { token: co.staff });
    expect(invoices.body.items[0]).toMatchObject({ id: issued.id, currency: "USD", total: "12.00" });
    // New invoices default to the new preference.
    expect((await post(clientId, "invoices", invoice("1.00"))).body.currency).toBe("GBP");
  });

  it("a one-time service has no renewal date", async () => {
    const clientId = await newClient();
    const once = await post(clientId, "services", { name: "Setup", price: "50", billingPeriod: "one-time" });
    expect(once.body).toMatchObject({ billingPeriod: "one-time", nextRenewalDate: null, price: "50.00" });
    const dated = await post(clientId, "services", {
      name: "Setup",
      price: "50",
      billingPeriod: "one-time",
      nextRenewalDate: "2030-01-01",
    });
    expect(dated.status).toBe(422);
    expect(dated.body.errors[0].path).toBe("nextRenewalDate");
  });
});

describe("lists", () => {
  it("page newest first with an opaque cursor bound to the client and list", async () => {
    const clientId = await newClient();
    const other = await newClient();
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await post(clientId, "invoices", invoice(`${i + 1}.00`))).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=3&cursor=${encodeURIComponent(cursor)}` : "?limit=3";
      const res = await api.request("GET", `/v1/clients/${clientId}/invoices${query}`, { token: co.staff });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor;
      pages++;
      if (cursor) {
        for (const path of [`/v1/clients/${other}/invoices`, `/v1/clients/${clientId}/services`]) {
          const foreign = await api.request("GET", `${path}?cursor=${encodeURIComponent(cursor)}`, {
            token: co.staff,
          });
          expect(foreign.status).toBe(400);
          expect(foreign.body.type).toMatch(/\/bad-cursor$/);
        }
        const tampered = `${cursor.slice(0, -2)}${cursor.endsWith("AA") ? "BB" : "AA"}`;
        const bad = await api.request("GET", `/v1/clients/${clientId}/invoices?cursor=${tampered}`, {
          token: co.staff,
        });
        expect(bad.status).toBe(400);
      }
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());
  });

  it("answer 422 on a bad limit, naming the parameter", async () => {
    const clientId = await newClient();
    for (const limit of ["0", "101", "x"]) {
      const res = await api.request("GET", `/v1/clients/${clientId}/transactions?limit=${limit}`, { token: co.staff });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].path).toBe("limit");
    }
  });
});

describe("access", () => {
  it("answers 404 for an unknown client and for another company's client, reading or writing", async () => {
    const clientId = await newClient();
    await post(clientId, "invoices", invoice("1.00"));
    const stranger = await createTestCompany(api, "Stranger");
    for (const [token, id] of [
      [stranger.staff, clientId],
      [co.staff, "cl_doesnotexist"],
    ] as const) {
      for (const kind of ["invoices", "transactions", "services", "profile"]) {
        const read = await api.request("GET", `/v1/clients/${id}/${kind}`, { token });
        expect(read.status).toBe(404);
      }
      const write = await api.request("POST", `/v1/clients/${id}/invoices`, { token, body: invoice("1.00") });
      expect(write.status).toBe(404);
    }
  });

  it("is for staff: a client's own token answers 403, no token 401", async () => {
    const clientId = await newClient({ username: `payer-${Date.now()}`, password: "Client-Passw0rd-1" });
    const listed = await api.request("GET", `/v1/clients/${clientId}`, { token: co.staff });
    const clientToken = await api.login("clients", listed.body.username, "Client-Passw0rd-1");
    const res = await api.request("GET", `/v1/clients/${clientId}/invoices`, { token: clientToken });
    expect(res.status).toBe(403);
    expect((await api.request("GET", `/v1/clients/${clientId}/invoices`)).status).toBe(401);
  });
});

describe("idempotency", () => {
  it("a retry with the same key returns the first record and counts it once; another body answers 422", async () => {
    const clientId = await newClient({ taxExempt: true });
    const headers = { "idempotency-key": `inv-${Date.now()}` };
    const first = await post(clientId, "invoices", invoice("9.00"), headers);
    const again = await post(clientId, "invoices", invoice("9.00"), headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const reused = await post(clientId, "invoices", invoice("8.00"), headers);
    expect(reused.status).toBe(422);
    expect(reused.body.type).toMatch(/\/idempotency-key-reused$/);

    const payment = { type: "payment", amount: "4.00", invoiceId: first.body.id };
    const payHeaders = { "idempotency-key": `pay-${Date.now()}` };
    await post(clientId, "transactions", payment, payHeaders);
    await post(clientId, "transactions", payment, payHeaders);
    expect((await profile(clientId)).amountsDue).toEqual([{ currency: "USD", amount: "5.00" }]);
  });
});
