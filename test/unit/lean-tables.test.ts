import { readFileSync } from "node:fs";
import { join } from "node:path";
import { iso31661 } from "iso-3166/1";
import { iso31662 } from "iso-3166/2";
import examples from "libphonenumber-js/examples.mobile.json";
import { type CountryCode, getCountryCallingCode, parsePhoneNumberFromString } from "libphonenumber-js/min";
import { ROUTES } from "../../lib/api/catalog";
import { buildOpenApiDocument } from "../../lib/api/openapi";
import { ROUTE_PATHS } from "../../lib/api/route-paths";
import { servedOpenApiDocument } from "../../lib/api/served-document";
import { normalisePhones } from "../../lib/domain/phone";
import { isCountry, isStateOf } from "../../lib/geo/codes";
import { countries, statesOf } from "../../lib/geo/countries";
import { LEAN_TABLES } from "../../scripts/lean-tables";

const ROOT = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..");

it.each(LEAN_TABLES.map((t) => [t.file, t]))("%s is what its source gives now (npm run generate:lean)", (_, table) => {
  expect(readFileSync(join(ROOT, table.file), "utf8")).toBe(table.content());
});

describe("codes-only geography", () => {
  it("accepts exactly the ISO 3166-1 countries and the ISO 3166-2 subdivisions of each", () => {
    for (const { alpha2 } of iso31661) expect([alpha2, isCountry(alpha2)]).toEqual([alpha2, true]);
    for (const { code } of iso31662) expect([code, isStateOf(code.slice(0, 2), code)]).toEqual([code, true]);
    expect(isCountry("XX")).toBe(false);
    expect(isCountry("gb")).toBe(false);
    expect(isStateOf("GB", "US-CA")).toBe(false);
    expect(isStateOf("US", "CA")).toBe(false);
    expect(isStateOf("XX", "XX-01")).toBe(false);
  });
});

describe("phone numbers with the trimmed metadata", () => {
  const known = examples as Record<string, string>;
  /** National, international, 00-prefixed and broken forms of the country's example number, and a foreign one. */
  function samples(country: string): string[] {
    const national = known[country];
    if (!national) return ["+44 20 7946 0019", "020 7946 0019", "12345"];
    const callingCode = getCountryCallingCode(country as CountryCode);
    const international = `+${callingCode}${national}`;
    const formatted = parsePhoneNumberFromString(international)?.formatNational() ?? national;
    return [national, formatted, international, `00${callingCode} ${national}`, `${national}99`, "+1 415 555 2671"];
  }

  it.each(iso31661.map((c) => [c.alpha2]))("parses every form as the full `min` metadata does: %s", async (country) => {
    const inputs = samples(country).map((number) => ({ type: "phone" as const, location: "work" as const, number }));
    const expected = inputs.map((phone) => {
      const parsed = parsePhoneNumberFromString(phone.number, country as CountryCode);
      return { ...phone, e164: parsed?.isPossible() ? parsed.number : null };
    });
    expect(await normalisePhones(inputs, country)).toEqual(expected);
  });

  it("reads a local number in the client's country", async () => {
    expect((await normalisePhones([{ type: "phone", location: "home", number: "020 7946 0019" }], "GB"))[0]!.e164).toBe(
      "+442079460019",
    );
  });
});

it("the fallback's route table lists the catalog's every method and path", () => {
  const paths = ROUTE_PATHS.map((r) => `${r.method} ${r.path}`);
  expect(new Set(paths).size).toBe(paths.length);
  expect(paths.length).toBeGreaterThan(30);
});

describe("named geography from the packed table", () => {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "en");

  it("lists every ISO 3166-1 country by name, as iso-3166 sorted by name gives them", () => {
    expect(countries()).toEqual(iso31661.map((c) => ({ code: c.alpha2, name: c.name })).sort(byName));
  });

  it("lists each country's ISO 3166-2 subdivisions by name (nested ones under the country of their code)", () => {
    for (const { alpha2 } of iso31661) {
      const expected = iso31662
        .filter((s) => s.code.slice(0, 2) === alpha2)
        .map((s) => ({ code: s.code, name: s.name }))
        .sort(byName);
      expect([alpha2, statesOf(alpha2)]).toEqual([alpha2, expected]);
    }
    expect(statesOf("gb")).toEqual(statesOf("GB"));
    expect(statesOf("GB")!.length).toBeGreaterThan(200);
    expect(statesOf("XX")).toBeNull();
  });
});

it("the served OpenAPI document is the catalog's, with the installation as its server", () => {
  const url = "https://api.clientele.example";
  expect(JSON.stringify(servedOpenApiDocument(url))).toBe(JSON.stringify(buildOpenApiDocument(ROUTES, url)));
});
