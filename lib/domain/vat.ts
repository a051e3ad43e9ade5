import type { Country } from "jsvat-next";
import * as jsvatModule from "jsvat-next";

// jsvat-next ships CommonJS to Node: its named exports arrive on `default` under native ESM.
const jsvat = (jsvatModule as { default?: typeof jsvatModule }).default ?? jsvatModule;
const {
  austria,
  belgium,
  bulgaria,
  checkVAT,
  croatia,
  cyprus,
  czechRepublic,
  denmark,
  estonia,
  finland,
  france,
  germany,
  greece,
  hungary,
  ireland,
  italy,
  latvia,
  lithuania,
  luxembourg,
  malta,
  netherlands,
  poland,
  portugal,
  romania,
  slovakiaRepublic,
  slovenia,
  spain,
  sweden,
} = jsvat;

/** The 27 EU member states, by the prefix of their VAT numbers (Greece's is EL, its ISO code GR). */
const EU_BY_PREFIX = new Map<string, Country>([
  ["AT", austria],
  ["BE", belgium],
  ["BG", bulgaria],
  ["HR", croatia],
  ["CY", cyprus],
  ["CZ", czechRepublic],
  ["DK", denmark],
  ["EE", estonia],
  ["FI", finland],
  ["FR", france],
  ["DE", germany],
  ["EL", greece],
  ["HU", hungary],
  ["IE", ireland],
  ["IT", italy],
  ["LV", latvia],
  ["LT", lithuania],
  ["LU", luxembourg],
  ["MT", malta],
  ["NL", netherlands],
  ["PL", poland],
  ["PT", portugal],
  ["RO", romania],
  ["SK", slovakiaRepublic],
  ["SI", slovenia],
  ["ES", spain],
  ["SE", sweden],
]);

const vatPrefixOf = (countryCode: string) => (countryCode === "GR" ? "EL" : countryCode);

/**
 * Checks the format of an EU VAT number: one that carries an EU prefix, or any
 * tax id of a client in an EU member state. Other tax ids are not checked.
 * Returns an error message, or null when the id passes.
 */
export function vatFormatError(taxId: string, countryCode: string): string | null {
  const compact = taxId.replace(/[\s.-]/g, "").toUpperCase();
  const ownPrefix = vatPrefixOf(countryCode);
  const prefix = compact.slice(0, 2);
  const state = EU_BY_PREFIX.get(prefix) ?? (compact.startsWith("GR") ? greece : undefined);
  if (state) {
    const normalised = prefix === "GR" ? `EL${compact.slice(2)}` : compact;
    return checkVAT(normalised, [state]).isValidFormat ? null : `Not a valid ${state.name} VAT number.`;
  }
  const home = EU_BY_PREFIX.get(ownPrefix);
  if (!home) return null;
  return checkVAT(`${ownPrefix}${compact}`, [home]).isValidFormat
    ? null
    : `Not a valid ${home.name} VAT number (expected like ${ownPrefix}…).`;
}
