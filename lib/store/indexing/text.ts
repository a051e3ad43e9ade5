import type { Phone } from "../../domain/phone";

/**
 * How names, emails and numbers become sort values and search tokens. Both
 * ignore case and accents, so "Zoë", "zoe" and "ZOE" sort together and the
 * query "zoe" finds all three.
 */

/** Letters that Unicode decomposition does not split into a base letter and a mark. */
const FOLDED_LETTERS: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ð: "d",
  ħ: "h",
  ı: "i",
  ł: "l",
  ŧ: "t",
  þ: "th",
};
const FOLDED_PATTERN = new RegExp(`[${Object.keys(FOLDED_LETTERS).join("")}]`, "g");

/** Lower case without accents: "Zoë Ørsted" -> "zoe orsted". */
export function fold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(FOLDED_PATTERN, (letter) => FOLDED_LETTERS[letter]!);
}

/** Apostrophes join the parts of a name ("O'Brien" sorts as "obrien"). */
export const APOSTROPHES = /['’ʼ‘`]/g;
const NON_WORD = /[^\p{L}\p{N}]+/gu;

/** The longest sort value kept: longer values still sort right by their first characters. */
const MAX_SORT_LENGTH = 200;

/**
 * A value that sorts names case- and accent-insensitively with plain string
 * comparison: words are joined by "!", which sorts below every letter and
 * digit, so "Mary Ann" comes before "Maryann" and "Ann" before "Ann Smith".
 */
export function sortableText(text: string | null): string {
  if (!text) return "";
  return fold(text)
    .replace(APOSTROPHES, "")
    .replace(NON_WORD, "!")
    .replace(/^!+|!+$/g, "")
    .slice(0, MAX_SORT_LENGTH);
}

/** Emails sort as written, only without case and accents. */
export function sortableEmail(email: string): string {
  return fold(email).slice(0, MAX_SORT_LENGTH);
}

/** The words of a text, folded: "Ada.Lovelace@Example.com" -> ["ada", "lovelace", "example", "com"]. */
export function words(text: string): string[] {
  return fold(text).split(NON_WORD).filter(Boolean);
}

/** Tokens and query words are cut to this length; a longer query word matches by its first characters. */
export const MAX_TOKEN_LENGTH = 40;
/** Keeps every client write, index included, within one transaction: the first tokens in priority order win. */
export const MAX_TOKENS = 32;

export interface SearchableClient {
  number: number;
  firstName: string;
  lastName: string;
  company: string | null;
  email: string;
  username: string;
  phones: readonly Phone[];
}

/** The words of a name, and the whole of any word that punctuation splits: "O'Brien" -> o, brien, obrien. */
function nameWords(text: string | null): string[] {
  if (!text) return [];
  return text.split(/\s+/).flatMap((chunk) => {
    const parts = words(chunk);
    return parts.length > 1 ? [...parts, parts.join("")] : parts;
  });
}

/** A phone number's digits as entered (the extension left out) and those of its E.164 form. */
function phoneDigits(phone: Phone): string[] {
  const main = phone.number.split(/[a-zA-Z#*:]/)[0] ?? "";
  const entered = main.replace(/\D/g, "");
  return [entered, phone.e164?.replace(/\D/g, "") ?? ""].filter((digits) => digits.length >= 3);
}

/**
 * The distinct search tokens of a client, most important first: its number,
 * names, username, email (local part and domain words), company, phones.
 */
export function searchTokens(client: SearchableClient): string[] {
  const all = [
    String(client.number),
    ...nameWords(client.firstName),
    ...nameWords(client.lastName),
    ...words(client.username),
    ...words(client.email),
    ...nameWords(client.company),
    ...client.phones.flatMap(phoneDigits),
  ];
  const distinct = new Set(all.map((token) => token.slice(0, MAX_TOKEN_LENGTH)));
  return [...distinct].slice(0, MAX_TOKENS);
}

/** Code-point order, the order DynamoDB gives UTF-8 keys (JavaScript's `<` differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

/**
 * Token entries are filed in three shelves, so a short word does not read
 * entries it must skip. A token that shares no first letter with the
 * client's smaller tokens is on shelf 0, under its first letter; one that
 * shares exactly one letter is on shelf 1, under its first two; the rest on
 * shelf 2, under their first three. A word of n letters reads shelves 0 to
 * n - 1 (at most 2): the client's smallest token starting with the word is
 * always among them, and for words of one or two letters nothing else is.
 */
export const TOKEN_SHELVES = 3;

/** The key prefix each token is filed under (see TOKEN_SHELVES). */
export function tokenShelves(tokens: readonly string[]): Map<string, string> {
  const sorted = [...tokens].sort(compareCodePoints).map((token) => [...token]);
  return new Map(
    sorted.map((letters, i) => {
      const previous = sorted[i - 1] ?? [];
      let shared = 0;
      while (shared < previous.length && previous[shared] === letters[shared]) shared++;
      return [letters.join(""), letters.slice(0, Math.min(shared, TOKEN_SHELVES - 1) + 1).join("")];
    }),
  );
}

/** The key prefix a word reads on a shelf: its first `shelf + 1` letters. */
export const shelfOf = (word: string, shelf: number) => [...word].slice(0, shelf + 1).join("");

/** The shelves a word reads (see TOKEN_SHELVES). */
export const shelvesFor = (word: string) => Math.min([...word].length, TOKEN_SHELVES);

/** The client's smallest token starting with `word`: its one entry a search for the word keeps. */
export function firstMatch(tokens: readonly string[], word: string): string | undefined {
  return tokens.filter((token) => token.startsWith(word)).sort(compareCodePoints)[0];
}

/** A query made only of digits and phone punctuation is one number: "+44 20 7946" -> "44207946". */
const PHONE_QUERY = /^[\d\s+().\-/]*\d[\d\s+().\-/]*$/;

/**
 * The words a query asks for, each of which must start one of a client's
 * tokens. A word that starts another word is dropped: the longer one implies it.
 */
export function queryWords(query: string): string[] {
  const raw = PHONE_QUERY.test(query.trim()) ? [query.replace(/\D/g, "")] : words(query);
  const distinct = [...new Set(raw.map((word) => word.slice(0, MAX_TOKEN_LENGTH)))];
  return distinct.filter((word) => !distinct.some((other) => other !== word && other.startsWith(word)));
}

/** True when every query word starts one of the tokens. */
export function matchesAll(tokens: readonly string[], queryWordList: readonly string[]): boolean {
  return queryWordList.every((word) => tokens.some((token) => token.startsWith(word)));
}
