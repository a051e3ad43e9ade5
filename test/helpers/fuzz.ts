import fc from "fast-check";
import * as z from "zod";
import type { RouteSpec } from "../../lib/http/route";
import { TEST_PASSWORD } from "./companies";

/** A JSON Schema as zod writes it (the subset the generators read). */
interface Schema {
  $ref?: string;
  $defs?: Record<string, Schema>;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  additionalProperties?: boolean | Schema;
  default?: unknown;
}

export const jsonSchemaOf = (schema: z.ZodType): Schema =>
  z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Schema;

/**
 * Values that a field of this name should have to get past the rules that a
 * JSON Schema cannot state (a country the company knows, a password of the
 * pool's policy, a currency it accepts), so that valid-ish requests reach the
 * code behind validation instead of stopping at 422.
 */
const BY_NAME: Record<string, fc.Arbitrary<unknown>> = {
  country: fc.constantFrom("GB", "US", "DE", "FR"),
  state: fc.constantFrom(null, "GB-WSM", "US-CA"),
  currency: fc.constantFrom("EUR", "USD", "GBP"),
  defaultCurrency: fc.constantFrom("EUR", "USD"),
  currencies: fc.constantFrom(["EUR", "USD", "GBP"], ["EUR"]),
  language: fc.constantFrom("en", "fr", "de"),
  defaultLanguage: fc.constant("en"),
  languages: fc.constantFrom(["en", "fr", "de"], ["en"]),
  password: fc.constantFrom(TEST_PASSWORD, "Another-Passw0rd-42"),
  newPassword: fc.constant("Changed-Passw0rd-77"),
  currentPassword: fc.constant(TEST_PASSWORD),
  email: fc.nat({ max: 1e6 }).map((n) => `fuzz-${n}@example.com`),
  taxId: fc.constantFrom(null, "GB123456789"),
  regex: fc.constantFrom(null, "^[A-Z]+$"),
};

/** Values for fields by name that only the test knows, such as the ids of things that exist. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

/** A value that satisfies the schema, most of the time: the "valid-ish" half of the fuzzing. */
export function validish(
  schema: Schema,
  hints: Hints = {},
  root: Schema = schema,
  name = "",
  depth = 0,
): fc.Arbitrary<unknown> {
  const recurse = (s: Schema, key = name, level = depth) => validish(s, hints, root, key, level);
  if (schema.$ref) {
    const target = root.$defs?.[schema.$ref.replace("#/$defs/", "")];
    return target ? recurse(target) : fc.constant(null);
  }
  const byName = hints[name] ?? BY_NAME[name];
  if (byName) return byName;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((o) => recurse(o)));
  if (schema.allOf?.[0]) return recurse(schema.allOf[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      if (depth > 4) return fc.constant({});
      const properties = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      const record = Object.fromEntries(properties.map(([key, s]) => [key, recurse(s, key, depth + 1)]));
      return fc
        .record(record, { requiredKeys: properties.map(([key]) => key).filter((key) => required.has(key)) })
        .map(harmonise);
    }
    case "array":
      return fc.array(schema.items ? recurse(schema.items, name, depth + 1) : fc.jsonValue(), {
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case "string":
      return validString(schema);
    case "integer":
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 10_000 });
    case "number":
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 10_000, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/**
 * Makes fields that depend on each other agree (one of password and
 * generatePassword, a state of the country), as a real caller would.
 */
function harmonise(value: Record<string, unknown>): Record<string, unknown> {
  const out = { ...value };
  for (const generate of ["generatePassword", "generate"]) {
    if ("password" in out && generate in out) delete out[generate];
    else if (generate in out) out[generate] = true;
  }
  if (typeof out.country === "string" && typeof out.state === "string" && !out.state.startsWith(`${out.country}-`)) {
    out.state = null;
  }
  return out;
}

function validString(schema: Schema): fc.Arbitrary<string> {
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  const minLength = Math.min(schema.minLength ?? 0, maxLength);
  if (schema.format === "email") return BY_NAME.email as fc.Arbitrary<string>;
  if (schema.format === "date") return fc.constantFrom("2026-01-31", "2027-12-01");
  if (schema.format === "date-time") return fc.constant(new Date().toISOString());
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY));
  }
  return fc.string({ minLength, maxLength, unit: "grapheme" });
}

/** An object key that a careless merge would turn into a prototype change. */
const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype"] as const;

const deeplyNested = (depth: number) => {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { nested: value };
  return value;
};

/** The hostile half: what no valid request holds, for any field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom("", " ", "null", "undefined", "NaN", "-1", "1e309", "0x10", "true", "[]", "{}"),
  fc.integer().map(String),
  fc.double().map(String),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom("Zoë Ørsted", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀", "\u0000\u202e\ufeff", "' OR 1=1 --", "<script>x</script>", "../../etc"),
  fc.integer({ min: 1_000, max: 60_000 }).map((n) => "x".repeat(n)),
  fc.integer({ min: 20, max: 400 }).map(deeplyNested),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }),
);

/** Sets a key as an own, enumerable property, so that even `__proto__` reaches the JSON text. */
function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...target };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** A body for a route: valid-ish, valid-ish with one field spoilt or one key added, or anything at all. */
export function bodyFor(schema: Schema | undefined, hints: Hints = {}): fc.Arbitrary<unknown> {
  const base = schema ? validish(schema, hints) : fc.constant({});
  const objectBase = base.map((value) => (value && typeof value === "object" && !Array.isArray(value) ? value : {}));
  const spoilt = fc.tuple(objectBase, fc.nat(), hostileValue).map(([value, index, hostile]) => {
    const keys = Object.keys(value as object);
    if (keys.length === 0) return hostile;
    return withOwnKey(value as Record<string, unknown>, keys[index % keys.length]!, hostile);
  });
  const extraKey = fc
    .tuple(objectBase, fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 12 })), hostileValue)
    .map(([value, key, hostile]) => withOwnKey(value as Record<string, unknown>, key, { polluted: true, hostile }));
  return fc.oneof(
    { weight: 3, arbitrary: base },
    { weight: 3, arbitrary: spoilt },
    { weight: 2, arbitrary: extraKey },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

/** Raw body text: JSON of the body, or text that is not JSON at all, or nesting deeper than any parser likes. */
export function rawBodyFor(schema: Schema | undefined, hints: Hints = {}): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 8, arbitrary: bodyFor(schema, hints).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, "", "{", '{"a":', "nul", "[1,]", "\u0000") },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 30_000 }).map((n) => "[".repeat(n) + "]".repeat(n)) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  );
}

/** A value as query text: objects as JSON (some have no prototype, so no toString). */
const asText = (value: unknown): string =>
  typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);

/** Query parameters: valid-ish values of the route's query, plus unknown, repeated and hostile ones. */
export function queryFor(schema: Schema | undefined, hints: Hints = {}): fc.Arbitrary<[string, string][]> {
  const known = Object.entries(schema?.properties ?? {});
  const pair = fc.oneof(
    ...known.map(([name, s]) => fc.tuple(fc.constant(name), validish(s, hints, schema!, name).map(asText))),
    ...known.map(([name]) =>
      fc.tuple(
        fc.constant(name),
        hostileValue.map((v) => asText(v).slice(0, 3000)),
      ),
    ),
    fc.tuple(
      fc.constantFrom("limit", "cursor", "sort", "order", "status", "q", "__proto__", "company"),
      fc.constantFrom("0", "-1", "101", "abc", "1e309", "", "%00", "🙂", "x".repeat(5000)),
    ),
    fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 })),
  );
  return fc.array(pair, { maxLength: 4 });
}

/** Path parameter values: ids that exist, ids of the right shape, and hostile segments. */
export function paramFor(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: known.length > 0 ? fc.constantFrom(...known) : fc.constant("none") },
    { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.constantFrom("..", ".", "%2F", "x%00y", "a b", "😀", "en-GB", "account-registration", "__proto__"),
        fc.integer({ min: 65, max: 3000 }).map((n) => "a".repeat(n)),
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
      ),
    },
  );
}

/** Headers: content types right and wrong, and If-Match / Idempotency-Key values right, wrong and huge. */
export function headersFor(route: RouteSpec, authorization: fc.Arbitrary<string | undefined>) {
  const contentType = fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "application/problem+json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "",
    "application/json; charset=latin1",
  );
  const visible = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)) });
  const ifMatch = fc.oneof(fc.constantFrom('"1"', '"2"', 'W/"1"', "*", '"-1"', '"abc"', "1"), visible);
  const idempotencyKey = fc.oneof(
    visible.filter((s) => s.length > 0),
    fc.constant("k".repeat(400)),
  );
  return fc.record(
    {
      "content-type": fc.oneof({ weight: 4, arbitrary: fc.constant("application/json") }, contentType),
      authorization,
      "if-match": ifMatch,
      "idempotency-key": route.idempotency ? idempotencyKey : fc.constant(undefined),
    },
    { requiredKeys: ["content-type", "authorization"] },
  );
}
