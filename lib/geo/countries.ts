import { iso31661 } from "iso-3166/1";
import { iso31662 } from "iso-3166/2";

export interface Place {
  code: string;
  name: string;
}

const byName = (a: Place, b: Place) => a.name.localeCompare(b.name, "en");

const COUNTRIES: Place[] = iso31661.map((c) => ({ code: c.alpha2, name: c.name })).sort(byName);
const COUNTRY_CODES = new Set(COUNTRIES.map((c) => c.code));

/** Subdivisions by country; nested ones (GB-WSM under GB-ENG) belong to the country of their code. */
const STATES = new Map<string, Place[]>();
for (const entry of iso31662) {
  const country = entry.code.slice(0, 2);
  const list = STATES.get(country) ?? [];
  list.push({ code: entry.code, name: entry.name });
  STATES.set(country, list);
}
for (const list of STATES.values()) list.sort(byName);

export function countries(): Place[] {
  return COUNTRIES;
}

export function isCountry(code: string): boolean {
  return COUNTRY_CODES.has(code);
}

/** The ISO 3166-2 subdivisions of a country (empty when it has none); null for an unknown country. */
export function statesOf(countryCode: string): Place[] | null {
  const code = countryCode.toUpperCase();
  if (!COUNTRY_CODES.has(code)) return null;
  return STATES.get(code) ?? [];
}

export function isStateOf(countryCode: string, stateCode: string): boolean {
  return (STATES.get(countryCode) ?? []).some((s) => s.code === stateCode);
}
