import { GEO_CODES } from "./codes-data";

// Codes only (lib/geo/codes-data.ts): validation needs no names, and the
// names (lib/geo/countries.ts) would cost every function that validates an
// address about 230 KiB. Parsed on first use, not at import.
let subdivisionsByCountry: Map<string, ReadonlySet<string>> | undefined;

function subdivisions(): Map<string, ReadonlySet<string>> {
  subdivisionsByCountry ??= new Map(
    GEO_CODES.split("\n").map((line) => {
      const [country, codes] = line.split(":") as [string, string];
      return [country, new Set(codes === "" ? [] : codes.split(" ").map((code) => `${country}-${code}`))];
    }),
  );
  return subdivisionsByCountry;
}

/** An ISO 3166-1 alpha-2 code, upper case. */
export function isCountry(code: string): boolean {
  return subdivisions().has(code);
}

/** An ISO 3166-2 code (`GB-ENG`) of a subdivision of the country. */
export function isStateOf(countryCode: string, stateCode: string): boolean {
  return subdivisions().get(countryCode)?.has(stateCode) ?? false;
}
