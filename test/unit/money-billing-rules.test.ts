import fc from "fast-check";
import { type BillingSummary, EMPTY_SUMMARY, type Invoice, type Transaction } from "../../lib/domain/billing";
import { timeOrderedId } from "../../lib/domain/billing-ids";
import {
  addInvoice,
  applicableTaxRate,
  applyTransaction,
  BillingRuleError,
  nextRenewal,
  priceInvoice,
  RECENT_LIMIT,
  renewalCurrency,
} from "../../lib/domain/billing-rules";

const invoice = (id: string, currency: string, total: bigint, status: Invoice["status"] = "open"): Invoice => ({
  id,
  number: 1,
  currency,
  status,
  date: "2030-01-01",
  dueDate: "2030-01-01",
  lines: [{ description: "x", quantity: "1", unitPrice: total, amount: total }],
  taxRate: "0",
  subtotal: total,
  tax: 0n,
  total,
  amountPaid: 0n,
  createdAt: "2030-01-01T00:00:00.000Z",
});

const transaction = (
  type: Transaction["type"],
  currency: string,
  amount: bigint,
  invoiceId: string | null = null,
): Transaction => ({
  id: timeOrderedId("txn"),
  type,
  currency,
  amount,
  invoiceId,
  date: "2030-01-01",
  reference: null,
  createdAt: "2030-01-01T00:00:00.000Z",
});

describe("tax", () => {
  it("is none for a tax-exempt client, else the group's rate over the company's", () => {
    expect(applicableTaxRate({ taxExempt: true }, "10", "20")).toBe("0");
    expect(applicableTaxRate({ taxExempt: false }, "10", "20")).toBe("10");
    expect(applicableTaxRate({ taxExempt: false }, undefined, "20.50")).toBe("20.5");
    expect(applicableTaxRate({ taxExempt: false }, undefined, undefined)).toBe("0");
  });

  it("rounds each line and the tax half up to the minor unit", () => {
    const priced = priceInvoice(
      [
        { description: "a", quantity: "3", unitPrice: 999n },
        { description: "b", quantity: "1.5", unitPrice: 4001n },
      ],
      "20",
    );
    expect(priced.lines.map((l) => l.amount)).toEqual([2997n, 6002n]);
    expect(priced).toMatchObject({ subtotal: 8999n, tax: 1800n, total: 10799n });
    expect(priceInvoice([{ description: "a", quantity: "1", unitPrice: 1000n }], "0").tax).toBe(0n);
  });
});

describe("totals", () => {
  it("refuse payments past an invoice's balance and refunds past what is held", () => {
    const inv = invoice("inv_a", "USD", 1000n);
    const owed = addInvoice(EMPTY_SUMMARY, inv);
    expect(() => applyTransaction(owed, transaction("payment", "USD", 1001n, inv.id), inv)).toThrow(BillingRuleError);
    expect(() => applyTransaction(owed, transaction("refund", "USD", 1n), null)).toThrow(/credit/);
    const draft = invoice("inv_b", "USD", 1000n, "draft");
    expect(() => applyTransaction(owed, transaction("payment", "USD", 1n, draft.id), draft)).toThrow(/draft/);
  });

  it("per currency equal a plain model's over any sequence of records", () => {
    type Step =
      | { kind: "invoice"; currency: string; amount: bigint }
      | { kind: "apply"; type: "payment" | "credit" | "refund"; target: number; amount: bigint }
      | { kind: "hold"; type: "payment" | "credit" | "refund"; currency: string; amount: bigint };
    const currency = fc.constantFrom("USD", "EUR", "JPY", "BHD");
    const amount = fc.bigInt({ min: 1n, max: 10n ** 12n });
    const type = fc.constantFrom("payment" as const, "credit" as const, "refund" as const);
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant("invoice" as const), currency, amount }),
      fc.record({ kind: fc.constant("apply" as const), type, target: fc.nat({ max: 9 }), amount }),
      fc.record({ kind: fc.constant("hold" as const), type, currency, amount }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let summary: BillingSummary = EMPTY_SUMMARY;
        const invoices: Invoice[] = [];
        const model = { due: new Map<string, bigint>(), held: new Map<string, bigint>() };
        const bump = (map: Map<string, bigint>, code: string, delta: bigint) =>
          map.set(code, (map.get(code) ?? 0n) + delta);
        for (const s of steps) {
          if (s.kind === "invoice") {
            // Ids order by their millisecond: one apart, as records created one after another are.
            const inv = invoice(timeOrderedId("inv", Date.UTC(2030, 0, 1) + invoices.length), s.currency, s.amount);
            invoices.push(inv);
            summary = addInvoice(summary, inv);
            bump(model.due, s.currency, s.amount);
            continue;
          }
          const target = s.kind === "apply" ? invoices[s.target] : undefined;
          if (s.kind === "apply" && !target) continue;
          const code = target?.currency ?? (s as { currency: string }).currency;
          const tx = transaction(s.type, code, s.amount, target?.id ?? null);
          const fits = target
            ? s.type === "refund"
              ? s.amount <= target.amountPaid
              : s.amount <= target.total - target.amountPaid
            : s.type !== "refund" || s.amount <= (model.held.get(code) ?? 0n);
          if (!fits) {
            expect(() => applyTransaction(summary, tx, target ?? null)).toThrow(BillingRuleError);
            continue;
          }
          const applied = applyTransaction(summary, tx, target ?? null);
          summary = applied.summary;
          if (target) {
            invoices[invoices.indexOf(target)] = applied.invoice!;
            bump(model.due, code, s.type === "refund" ? s.amount : -s.amount);
          } else {
            bump(model.held, code, s.type === "refund" ? -s.amount : s.amount);
          }
        }
        const nonZero = (entries: Iterable<[string, bigint]>) =>
          Object.fromEntries([...entries].filter(([, v]) => v !== 0n));
        expect(nonZero(Object.entries(summary.due))).toEqual(nonZero(model.due));
        expect(nonZero(Object.entries(summary.credits))).toEqual(nonZero(model.held));
        const newest = [...invoices].reverse().slice(0, RECENT_LIMIT);
        expect(summary.recent.invoices).toEqual(newest);
        for (const inv of invoices) expect(inv.amountPaid <= inv.total && inv.amountPaid >= 0n).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("services", () => {
  it("renew in the order's currency when it named one, else in the client's currency now", () => {
    expect(renewalCurrency({ currency: "USD", currencyFromOrder: false }, "GBP")).toBe("GBP");
    expect(renewalCurrency({ currency: "EUR", currencyFromOrder: true }, "GBP")).toBe("EUR");
  });

  it("renew one period on, clamped to the end of shorter months", () => {
    expect(nextRenewal("2024-01-31", "monthly")).toBe("2024-02-29");
    expect(nextRenewal("2025-01-31", "monthly")).toBe("2025-02-28");
    expect(nextRenewal("2025-11-15", "quarterly")).toBe("2026-02-15");
    expect(nextRenewal("2024-02-29", "annually")).toBe("2025-02-28");
    expect(nextRenewal("2025-03-01", "triennially")).toBe("2028-03-01");
    expect(nextRenewal("2025-03-01", "one-time")).toBeNull();
  });
});
