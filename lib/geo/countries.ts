import { unpackText } from "../packed/packed-text";
import { GEO_NAMES } from "./names-data";

// Countries and subdivisions with their names, for the lists the public
// function serves, from a generated table already sorted by name
// (lib/geo/names-data.ts, `npm run generate:lean`). Validation uses the codes
// alone (lib/geo/codes.ts).

export interface Place {
  code: string;
  name: string;
}

interface Lists {
  countries: Place[];
  statesByCountry: Map<string, Place[]>;
}

// Unpacked on first use, not at import: most requests of the function never list places.
let lists: Lists | undefined;

function places(): Lists {
  if (lists) return lists;
  lists = { countries: [], statesByCountry: new Map() };
  for (const line of unpackText(GEO_NAMES).split("\n")) {
    const [code, name, ...states] = line.split("\t") as [string, string, ...string[]];
    lists.countries.push({ code, name });
    lists.statesByCountry.set(
      code,
      states.map((state) => {
        const separator = state.indexOf("=");
        return { code: `${code}-${state.slice(0, separator)}`, name: state.slice(separator + 1) };
      }),
    );
  }
  return lists;
}

export function countries(): Place[] {
  return places().countries;
}

/** The ISO 3166-2 subdivisions of a country (empty when it has none); null for an unknown country. */
export function statesOf(countryCode: string): Place[] | null {
  return places().statesByCountry.get(countryCode.toUpperCase()) ?? null;
}
