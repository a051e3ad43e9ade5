import { clientSchema } from "../../lib/domain/client";
import { patternError, resolveCustomFieldValues, valueError } from "../../lib/domain/custom-field";
import { defaultFax, normalisePhones } from "../../lib/domain/phone";
import { CLIENT_VIEW_FIELDS } from "../../lib/domain/public-client";
import { loadRe2 } from "../../lib/domain/re2";
import { staffHistoryEventSchema, staffSchema } from "../../lib/domain/staff";
import { STAFF_HISTORY_EVENT_FIELDS, STAFF_VIEW_FIELDS } from "../../lib/domain/staff-records";
import { vatFormatError } from "../../lib/domain/vat";
import { generatePassword, passwordPolicyErrors } from "../../lib/identity/passwords";
import { renderTemplate, unknownPlaceholders } from "../../lib/mail/render";

describe("EU VAT format", () => {
  it.each([
    ["DE123456789", "DE"],
    ["de 123 456 789", "DE"],
    ["123456789", "DE"],
    ["EL123456789", "GR"],
    ["FR12345678901", "FR"],
    ["GB123456789", "GB"],
    ["anything", "US"],
  ])("accepts %s for a client in %s", (taxId, country) => {
    expect(vatFormatError(taxId, country)).toBeNull();
  });

  it.each([
    ["DE12345", "DE"],
    ["12345", "DE"],
    ["FR1", "GB"],
    ["NL123", "US"],
  ])("rejects %s for a client in %s", (taxId, country) => {
    expect(vatFormatError(taxId, country)).toMatch(/VAT number/);
  });
});

describe("passwords", () => {
  it("names what a password lacks", () => {
    expect(passwordPolicyErrors("short")).toEqual(["at least 12 characters", "an upper-case letter", "a digit"]);
    expect(passwordPolicyErrors("Long-Enough-Passw0rd")).toEqual([]);
  });

  it("generates 20 characters from all four classes, different every time", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = generatePassword();
      expect(password).toHaveLength(20);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[^A-Za-z0-9]/);
      expect(passwordPolicyErrors(password)).toEqual([]);
      seen.add(password);
    }
    expect(seen.size).toBe(200);
  });
});

describe("phones", () => {
  it("keeps the number as entered, adds E.164 in the client's country, and finds the first fax", async () => {
    const phones = await normalisePhones(
      [
        { type: "phone", location: "home", number: "(415) 555-2671" },
        { type: "fax", location: "work", number: "+44 20 7946 0019" },
        { type: "fax", location: "home", number: "12" },
      ],
      "US",
    );
    expect(phones.map((p) => p.e164)).toEqual(["+14155552671", "+442079460019", null]);
    expect(phones[0]!.number).toBe("(415) 555-2671");
    expect(defaultFax(phones)).toBe("+44 20 7946 0019");
  });
});

describe("templates", () => {
  const values = {
    "client.firstName": "Zoë",
    "client.lastName": "<script>x</script>",
    "client.username": "zoe",
    "company.name": "Acme",
    signInUrl: "https://example.com/signin",
    resetPasswordUrl: "",
    verifyEmailUrl: "",
    acceptInvitationUrl: "",
    webhookUrl: "",
  };

  it("escapes values in HTML only, and keeps the subject on one line", () => {
    const out = renderTemplate(
      {
        subject: "Hi {{client.firstName}}\n{{ client.lastName }}",
        text: "{{client.lastName}}",
        html: "<p>{{client.lastName}}</p>",
      },
      { ...values, "client.firstName": "Zoë\r\nBcc: x@y" },
    );
    expect(out.subject).toBe("Hi Zoë Bcc: x@y\n<script>x</script>");
    expect(out.text).toBe("<script>x</script>");
    expect(out.html).toBe("<p>&lt;script&gt;x&lt;/script&gt;</p>");
  });

  it("finds placeholders that are not allowed", () => {
    expect(unknownPlaceholders("{{client.firstName}} {{client.password}} {{ process.env }}")).toEqual([
      "client.password",
      "process.env",
    ]);
  });
});

describe("custom field values", () => {
  const field = (overrides: object) =>
    ({
      id: "f",
      groupId: "g",
      name: "F",
      type: "text",
      options: [],
      required: false,
      regex: null,
      default: null,
      ...overrides,
    }) as never;

  // Pattern checks are synchronous once RE2 is loaded (lib/domain/re2.ts loads it on demand).
  beforeAll(() => loadRe2());

  it("checks a value against type, options and pattern", () => {
    expect(valueError(field({ type: "checkbox" }), "yes")).toMatch(/true or false/);
    expect(valueError(field({ type: "select", options: ["a"] }), "b")).toMatch(/Choose one of/);
    expect(valueError(field({ regex: "[0-9]+" }), "12a")).toMatch(/format/);
    expect(valueError(field({ regex: "[0-9]+" }), "12")).toBeNull();
    expect(valueError(field({ regex: "[0-9]+" }), "1".repeat(1001))).toMatch(/At most/);
  });

  it("runs patterns on RE2: one that backtracks exponentially elsewhere judges 1,000 adversarial characters", () => {
    // (a|a)*b against a run of a's without the b is the classic catastrophic case for a backtracking engine.
    expect(patternError("(a|a)*b")).toBeNull();
    expect(valueError(field({ regex: "(a|a)*b" }), "a".repeat(1000))).toBe(
      "The value does not have the expected format.",
    );
    expect(valueError(field({ regex: "(a|a)*b" }), `${"a".repeat(999)}b`)).toBeNull();
    expect(valueError(field({ regex: "(a+)+$" }), `${"a".repeat(999)}!`)).toMatch(/format/);
    expect(valueError(field({ regex: "(x+x+)+y" }), "x".repeat(1000))).toMatch(/format/);
  });

  it("matches the whole value, as the signup form's ^(?:pattern)$ does", () => {
    expect(valueError(field({ regex: "[A-Z]{2}-\\d{3}" }), "AB-123")).toBeNull();
    expect(valueError(field({ regex: "[A-Z]{2}-\\d{3}" }), "xAB-123")).toMatch(/format/);
    expect(valueError(field({ regex: "a|b" }), "ab")).toMatch(/format/);
  });

  it("refuses, with a reason, a pattern RE2 cannot run (backreferences, lookaround) or JavaScript cannot", () => {
    for (const pattern of ["(\\w)\\1", "(?=a)b", "(?!a)b", "(?<=a)b", "(?<!a)b"]) {
      expect(patternError(pattern)).toMatch(/linear-time engine \(RE2 syntax: no backreferences or lookaround/);
    }
    expect(patternError("(?i)abc")).toMatch(/JavaScript/);
    expect(patternError("([a-z")).toBe("Not a valid regular expression.");
    expect(patternError("[0-9]+")).toBeNull();
  });

  it("refuses every value, with a clear reason, for a stored pattern RE2 cannot compile (defined before RE2)", () => {
    expect(valueError(field({ regex: "(a)\\1" }), "aa")).toMatch(/no longer supported/);
  });

  it("fills defaults, keeps stored values on edit, and requires required ones", () => {
    const fields = [
      field({ id: "a", default: "x" }),
      field({ id: "b", required: true }),
      field({ id: "c", type: "checkbox", required: true }),
    ];
    expect(resolveCustomFieldValues(fields, { b: "y", c: true })).toEqual({
      values: { a: "x", b: "y", c: true },
      errors: [],
    });
    expect(resolveCustomFieldValues(fields, {}, { b: "kept", c: true }).values).toEqual({ a: "x", b: "kept", c: true });
    expect(resolveCustomFieldValues(fields, { c: false }).errors.map((e) => e.path)).toEqual([
      "customFields.b",
      "customFields.c",
    ]);
    expect(resolveCustomFieldValues(fields, { b: "y", c: true, z: "?" }).errors.map((e) => e.path)).toEqual([
      "customFields.z",
    ]);
  });
});

describe("field orders kept apart from their schemas", () => {
  it("a client is shown in the order of its schema", () => {
    expect(CLIENT_VIEW_FIELDS).toEqual(Object.keys(clientSchema().shape));
  });

  it("a staff member is shown with the fields of its schema, in its order", () => {
    expect(STAFF_VIEW_FIELDS).toEqual(Object.keys(staffSchema().shape));
  });

  it("a staff history event is shown in the order of its schema", () => {
    expect(STAFF_HISTORY_EVENT_FIELDS).toEqual(Object.keys(staffHistoryEventSchema().shape));
  });
});
