import { normalisePhones } from "../../lib/domain/phone";
import {
  firstMatch,
  fold,
  MAX_TOKENS,
  matchesAll,
  queryWords,
  type SearchableClient,
  searchTokens,
  shelfOf,
  shelvesFor,
  sortableEmail,
  sortableText,
  tokenShelves,
  words,
} from "../../lib/store/indexing/text";
import { keys } from "../../lib/store/keys";

const client = (overrides: Partial<SearchableClient> = {}): SearchableClient => ({
  number: 1500,
  firstName: "Ada",
  lastName: "Lovelace",
  company: null,
  email: "ada@example.com",
  username: "ada@example.com",
  phones: [],
  ...overrides,
});

/** Code-point order, as DynamoDB compares UTF-8 keys. */
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe("fold", () => {
  it("drops case and accents, and spells out letters without a decomposition", () => {
    expect(fold("Zoë Ørsted")).toBe("zoe orsted");
    expect(fold("Straße ÆSIR Œuvre Łódź İzmir þór")).toBe("strasse aesir oeuvre lodz izmir thor");
    expect(fold("ＡＢＣ")).toBe("abc");
  });
});

describe("sortableText", () => {
  it("orders names case- and accent-insensitively, a name before its longer forms, word breaks first", () => {
    const names = [
      "Maryann",
      "Ann Smith",
      "Öberg",
      "anna",
      "O'Brien",
      "Ánn",
      "Mary Ann",
      "ann",
      "Obrien",
      "Zoë",
      "zoe",
    ];
    const sorted = [...names].sort((a, b) => byKey(sortableText(a), sortableText(b)));
    expect(sorted).toEqual([
      "Ánn",
      "ann",
      "Ann Smith",
      "anna",
      "Mary Ann",
      "Maryann",
      "Öberg",
      "O'Brien",
      "Obrien",
      "Zoë",
      "zoe",
    ]);
    expect(sortableText("Ánn")).toBe(sortableText("ann"));
  });

  it("is empty for no value, so clients without a company sort first", () => {
    expect(sortableText(null)).toBe("");
    expect(sortableText("  -- ")).toBe("");
  });

  it("breaks ties by client number through the key", () => {
    const later = keys.browseSortValue(sortableText("Zoë"), 1501);
    const earlier = keys.browseSortValue(sortableText("zoe"), 1500);
    const longer = keys.browseSortValue(sortableText("Zoe Ann"), 1400);
    expect([later, longer, earlier].sort(byKey)).toEqual([earlier, later, longer]);
    expect(keys.browseSortValue(null, 999) < keys.browseSortValue(null, 1000)).toBe(true);
    expect(keys.browseSortValue(sortableEmail("Émile@Acme.example"), 1)).toBe("emile@acme.example 000000000001");
  });
});

describe("search tokens", () => {
  it("covers number, names, username, email local part and domain, company and phone digits", async () => {
    const tokens = searchTokens(
      client({
        firstName: "Zoë",
        lastName: "O'Brien-Smith",
        company: "Analytical Engines Ltd",
        email: "zoe.obrien@Engines.example",
        username: "stardust",
        phones: await normalisePhones(
          [
            { type: "phone", location: "work", number: "+44 20 7946 0018 ext. 12" },
            { type: "fax", location: "home", number: "020 7946 0019" },
            { type: "phone", location: "home", number: "12" },
          ],
          "GB",
        ),
      }),
    );
    expect(tokens).toEqual([
      "1500",
      "zoe",
      "o",
      "brien",
      "smith",
      "obriensmith",
      "stardust",
      "obrien",
      "engines",
      "example",
      "analytical",
      "ltd",
      "442079460018",
      "02079460019",
      "442079460019",
    ]);
  });

  it("keeps at most MAX_TOKENS distinct tokens, the most important first", () => {
    const company = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
    const tokens = searchTokens(client({ company }));
    expect(tokens).toHaveLength(MAX_TOKENS);
    expect(tokens.slice(0, 5)).toEqual(["1500", "ada", "lovelace", "example", "com"]);
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});

describe("query words", () => {
  it("splits like the tokens, and reads a phone-like query as one number", () => {
    expect(queryWords("Zoë  O'Brien")).toEqual(["zoe", "o", "brien"]);
    expect(queryWords("+44 (20) 7946-0018")).toEqual(["442079460018"]);
    expect(queryWords("1500")).toEqual(["1500"]);
    expect(queryWords("ada 1500")).toEqual(["ada", "1500"]);
    expect(queryWords("!!! ...")).toEqual([]);
    expect(words("Ada.Lovelace@Example.com")).toEqual(["ada", "lovelace", "example", "com"]);
  });

  it("drops words implied by a longer one, and repeats", () => {
    expect(queryWords("lo love lovelace ada ADA")).toEqual(["lovelace", "ada"]);
  });

  it("matches when every word starts some token", () => {
    const tokens = searchTokens(client({ company: "Analytical Engines" }));
    expect(matchesAll(tokens, queryWords("ada eng"))).toBe(true);
    expect(matchesAll(tokens, queryWords("ada zimmer"))).toBe(false);
    expect(matchesAll(tokens, queryWords("ovelace"))).toBe(false);
  });
});

describe("token shelves", () => {
  it("files a token by the letters it shares with the client's smaller tokens, at most three", () => {
    const shelves = tokenShelves(["sablesystems", "sable", "smith", "o", "obrien", "sa", "1500", "zoë"]);
    expect(Object.fromEntries(shelves)).toEqual({
      "1500": "1",
      o: "o",
      obrien: "ob",
      sa: "s",
      sable: "sab",
      sablesystems: "sab",
      smith: "sm",
      zoë: "z",
    });
  });

  it("puts a client's first match for any word on a shelf the word reads, and for short words nothing else", () => {
    const tokens = ["sablesystems", "sable", "smith", "summit", "studio", "summitstudio", "sam"];
    const shelves = tokenShelves(tokens);
    for (const word of ["s", "sa", "sab", "sable", "sables", "su", "sum", "summits", "st"]) {
      const read = new Set(Array.from({ length: shelvesFor(word) }, (_, shelf) => shelfOf(word, shelf)));
      const matching = tokens.filter((token) => token.startsWith(word));
      const onRead = matching.filter((token) => read.has(shelves.get(token)!));
      expect([word, onRead.includes(firstMatch(tokens, word)!)]).toEqual([word, true]);
      if ([...word].length <= 2) expect([word, onRead]).toEqual([word, [firstMatch(tokens, word)]]);
    }
  });
});
