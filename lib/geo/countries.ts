import { iso31661 } from "iso-3166/1";
import { iso31662 } from "iso-3166/2";
import { isCountry } from "./codes";

// Countries and subdivisions with their names, for the lists the public
// function serves. Validation uses the codes alone (lib/geo/codes.ts).

export interface Place {
  code: string;
  name: string;
}

const byName = (a: Place, b: Place) => a.name.localeCompare(b.name, "en");

// The sorted lists are built on first use, not at import: collating some 5,000
// names costs a cold start about 12 ms that most requests never need.
let countryList: Place[] | undefined;
let statesByCountry: Map<string, Place[]> | undefined;

/** Subdivisions by country; nested ones (GB-WSM under GB-ENG) belong to the country of their code. */
function states(): Map<string, Place[]> {
  if (statesByCountry) return statesByCountry;
  statesByCountry = new Map();
  for (const entry of iso31662) {
    const country = entry.code.slice(0, 2);
    const list = statesByCountry.get(country) ?? [];
    list.push({ code: entry.code, name: entry.name });
    statesByCountry.set(country, list);
  }
  for (const list of statesByCountry.values()) list.sort(byName);
  return statesByCountry;
}

export function countries(): Place[] {
  countryList ??= iso31661.map((c) => ({ code: c.alpha2, name: c.name })).sort(byName);
  return countryList;
}

/** The ISO 3166-2 subdivisions of a country (empty when it has none); null for an unknown country. */
export function statesOf(countryCode: string): Place[] | null {
  const code = countryCode.toUpperCase();
  if (!isCountry(code)) return null;
  return states().get(code) ?? [];
}
