import * as z from "zod";
import { onFirstUse } from "./on-first-use";

/**
 * Money is a decimal string at the edges and an integer number of minor units
 * (a bigint) everywhere else: no floating point touches an amount. The number
 * of minor digits is the currency's ISO 4217 exponent, as the runtime's ICU
 * data knows it (USD 2, JPY 0, BHD 3).
 */
export type Minor = bigint;

const exponents = new Map<string, number>();

export function currencyExponent(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    exponent =
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponents.set(currency, exponent);
  }
  return exponent;
}

/** Integer part up to 15 digits: far beyond any invoice, and well inside DynamoDB's 38-digit numbers. */
const DECIMAL = /^(\d{1,15})(?:\.(\d{1,4}))?$/;

/** A non-negative decimal string such as `12.50`; whether its decimals suit a currency is checked by `parseMoney`. */
export const decimalString = onFirstUse(() =>
  z.string().regex(DECIMAL, "Use a decimal string such as 12.50: digits, an optional point and up to 4 decimals."),
);

export class MoneyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MoneyFormatError";
  }
}

/** `"12.5"` in USD is 1250n; more decimals than the currency has (`"1.005"` USD, `"1.5"` JPY) is an error. */
export function parseMoney(text: string, currency: string): Minor {
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyFormatError(`"${text}" is not a decimal amount such as 12.50.`);
  const exponent = currencyExponent(currency);
  const fraction = match[2] ?? "";
  if (fraction.replace(/0+$/, "").length > exponent) {
    throw new MoneyFormatError(
      exponent === 0
        ? `${currency} has no minor unit: use a whole amount.`
        : `${currency} amounts have at most ${exponent} decimals.`,
    );
  }
  return BigInt(match[1]! + fraction.padEnd(exponent, "0").slice(0, exponent));
}

/** 1250n in USD is `"12.50"`; always exactly the currency's number of decimals. */
export function formatMoney(minor: Minor, currency: string): string {
  const exponent = currencyExponent(currency);
  const sign = minor < 0n ? "-" : "";
  const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, "0");
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** A decimal as an integer scaled by 10^`scale`: `"1.5"` at scale 4 is 15000n. */
export function parseScaled(text: string, scale: number): bigint {
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyFormatError(`"${text}" is not a decimal number.`);
  const fraction = match[2] ?? "";
  if (fraction.replace(/0+$/, "").length > scale) throw new MoneyFormatError(`At most ${scale} decimals.`);
  return BigInt(match[1]! + fraction.padEnd(scale, "0").slice(0, scale));
}

/** The shortest decimal string of an integer scaled by 10^`scale`: 15000n at scale 4 is `"1.5"`. */
export function formatScaled(value: bigint, scale: number): string {
  const digits = value.toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

/** `value × numerator / denominator`, rounded half away from zero: commercial rounding for line amounts and tax. */
export function mulDivRound(value: bigint, numerator: bigint, denominator: bigint): bigint {
  const product = value * numerator;
  const negative = product < 0n !== denominator < 0n;
  const absProduct = product < 0n ? -product : product;
  const absDenominator = denominator < 0n ? -denominator : denominator;
  const rounded = (absProduct * 2n + absDenominator) / (absDenominator * 2n);
  return negative ? -rounded : rounded;
}

/** Amounts per currency, in minor units. */
export type MoneyByCurrency = Record<string, Minor>;

export function addTo(totals: MoneyByCurrency, currency: string, delta: Minor): MoneyByCurrency {
  return { ...totals, [currency]: (totals[currency] ?? 0n) + delta };
}

/** The non-zero totals as the API lists them: `[{currency, amount}]`, by currency code. */
export function toAmountList(totals: MoneyByCurrency): { currency: string; amount: string }[] {
  return Object.entries(totals)
    .filter(([, minor]) => minor !== 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, minor]) => ({ currency, amount: formatMoney(minor, currency) }));
}
