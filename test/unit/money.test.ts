import fc from "fast-check";
import {
  addTo,
  currencyExponent,
  formatMoney,
  formatScaled,
  MoneyFormatError,
  mulDivRound,
  parseMoney,
  parseScaled,
  toAmountList,
} from "../../lib/domain/money";

const CURRENCIES = ["USD", "EUR", "JPY", "BHD", "KWD", "CLF", "ISK"];

/** Any amount the API accepts (up to 15 whole digits), in any of the currencies. */
const anyAmount = fc
  .constantFrom(...CURRENCIES)
  .chain((currency) =>
    fc
      .bigInt({ min: 0n, max: 10n ** BigInt(15 + currencyExponent(currency)) - 1n })
      .map((minor) => ({ currency, minor })),
  );

describe("currency exponents come from ISO 4217 via Intl", () => {
  it.each([
    ["USD", 2],
    ["EUR", 2],
    ["JPY", 0],
    ["BHD", 3],
    ["CLF", 4],
  ])("%s has %i decimals", (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });
});

describe("parseMoney and formatMoney", () => {
  it("reads decimal strings into minor units", () => {
    expect(parseMoney("12.5", "USD")).toBe(1250n);
    expect(parseMoney("12.50", "USD")).toBe(1250n);
    expect(parseMoney("12", "USD")).toBe(1200n);
    expect(parseMoney("0.01", "USD")).toBe(1n);
    expect(parseMoney("1500", "JPY")).toBe(1500n);
    expect(parseMoney("1500.0", "JPY")).toBe(1500n);
    expect(parseMoney("1.234", "BHD")).toBe(1234n);
    expect(parseMoney("999999999999999.99", "USD")).toBe(99999999999999999n);
  });

  it("refuses more decimals than the currency has, and anything not a plain decimal", () => {
    expect(() => parseMoney("1.005", "USD")).toThrow(MoneyFormatError);
    expect(() => parseMoney("1.5", "JPY")).toThrow(/no minor unit/);
    for (const bad of ["", "-1", "+1", "1e3", " 1", "1.", ".5", "1,00", "0x10", "NaN", "1.00000"]) {
      expect(() => parseMoney(bad, "USD")).toThrow(MoneyFormatError);
    }
  });

  it("writes exactly the currency's number of decimals", () => {
    expect(formatMoney(1250n, "USD")).toBe("12.50");
    expect(formatMoney(5n, "USD")).toBe("0.05");
    expect(formatMoney(0n, "BHD")).toBe("0.000");
    expect(formatMoney(1500n, "JPY")).toBe("1500");
    expect(formatMoney(-5n, "USD")).toBe("-0.05");
  });

  it("round-trips every amount in every currency", () => {
    fc.assert(
      fc.property(anyAmount, ({ currency, minor }) => {
        expect(parseMoney(formatMoney(minor, currency), currency)).toBe(minor);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("scaled decimals and rounding", () => {
  it("reads and writes quantities and rates", () => {
    expect(parseScaled("1.5", 4)).toBe(15000n);
    expect(parseScaled("20", 4)).toBe(200000n);
    expect(formatScaled(15000n, 4)).toBe("1.5");
    expect(formatScaled(200000n, 4)).toBe("20");
    expect(formatScaled(725n, 4)).toBe("0.0725");
    expect(() => parseScaled("1.00001", 4)).toThrow(MoneyFormatError);
  });

  it("rounds half away from zero, exactly, for any operands", () => {
    const model = (value: bigint, numerator: bigint, denominator: bigint) => {
      const product = value * numerator;
      const magnitude = product < 0n ? -product : product;
      let quotient = magnitude / denominator;
      if ((magnitude % denominator) * 2n >= denominator) quotient += 1n;
      return product < 0n ? -quotient : quotient;
    };
    expect(mulDivRound(5n, 1n, 2n)).toBe(3n);
    expect(mulDivRound(-5n, 1n, 2n)).toBe(-3n);
    expect(mulDivRound(4n, 1n, 3n)).toBe(1n);
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
        fc.bigInt({ min: 0n, max: 10n ** 8n }),
        fc.bigInt({ min: 1n, max: 10n ** 8n }),
        (value, numerator, denominator) => {
          expect(mulDivRound(value, numerator, denominator)).toBe(model(value, numerator, denominator));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("totals per currency", () => {
  it("lists non-zero totals by currency code, as decimal strings", () => {
    let totals = addTo({}, "USD", 1050n);
    totals = addTo(totals, "JPY", 300n);
    totals = addTo(totals, "EUR", 5n);
    totals = addTo(totals, "EUR", -5n);
    expect(toAmountList(totals)).toEqual([
      { currency: "JPY", amount: "300" },
      { currency: "USD", amount: "10.50" },
    ]);
  });

  it("sums decimal strings in mixed currencies exactly, as a digit-by-digit model does", () => {
    // The model adds the decimal strings as text, column by column: no numbers at all.
    const addDecimalText = (a: string, b: string, decimals: number) => {
      const digits = (s: string) => s.replace(".", "");
      const x = digits(a).padStart(40, "0");
      const y = digits(b).padStart(40, "0");
      let carry = 0;
      let out = "";
      for (let i = 39; i >= 0; i--) {
        const sum = x.charCodeAt(i) - 48 + (y.charCodeAt(i) - 48) + carry;
        out = String(sum % 10) + out;
        carry = sum >= 10 ? 1 : 0;
      }
      const whole = out.slice(0, 40 - decimals).replace(/^0+(?=\d)/, "");
      return decimals === 0 ? whole : `${whole}.${out.slice(40 - decimals)}`;
    };
    const entry = anyAmount.map(({ currency, minor }) => ({ currency, text: formatMoney(minor, currency) }));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), (entries) => {
        let totals = {};
        const model: Record<string, string> = {};
        for (const { currency, text } of entries) {
          totals = addTo(totals, currency, parseMoney(text, currency));
          model[currency] = addDecimalText(
            model[currency] ?? formatMoney(0n, currency),
            text,
            currencyExponent(currency),
          );
        }
        const expected = Object.entries(model)
          .filter(([currency, amount]) => amount !== formatMoney(0n, currency))
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([currency, amount]) => ({ currency, amount }));
        expect(toAmountList(totals)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
