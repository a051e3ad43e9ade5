import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { importedClientId } from "../../lib/domain/import";
import { existingDuplicates } from "../../lib/imports/existing-duplicates";
import { importChunk } from "../../lib/imports/import-worker";
import { db, tableName } from "../../lib/store/client";
import type { DuplicateKind } from "../../lib/store/indexing/duplicate-keys";
import { keys } from "../../lib/store/keys";
import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { failCommands, isA } from "../helpers/faults";
import { startImporterFor } from "../helpers/importer";

let api: TestApi;
let co: TestCompany;
let other: TestCompany;
/** A company no worker runs for: its chunks wait for the test to import them. */
let manual: TestCompany;
let importer: { stop(): Promise<void> };

const fixture = (name: string) => readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url));

beforeAll(async () => {
  api = await TestApi.start();
  [co, other, manual] = await Promise.all([
    createTestCompany(api, "Imports"),
    createTestCompany(api, "Imports other"),
    createTestCompany(api, "Imports manual"),
  ]);
  // The samples hold Spanish, German and French speaking clients.
  const patched = await api.request("PATCH", "/v1/company", {
    token: co.admin,
    body: { languages: ["en", "es", "de", "fr"] },
  });
  expect(patched.status).toBe(200);
  importer = await startImporterFor([co.companyId, other.companyId]);
});
afterAll(async () => {
  await importer?.stop();
  await api.close();
});

function upload(query: string, body: Buffer | string, token = co.admin, contentType = "text/csv") {
  return api
    .send(
      "POST",
      new URL(`${api.baseUrl}/v1/imports?${query}`),
      { authorization: `Bearer ${token}`, "content-type": contentType },
      body as string,
    )
    .then((res) => ({ status: res.status, body: res.text ? JSON.parse(res.text) : undefined }));
}

async function finished(importId: string, token = co.admin) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await api.request("GET", `/v1/imports/${importId}`, { token });
    expect(res.status).toBe(200);
    if (["done", "failed"].includes(res.body.status) || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const search = async (q: string, token = co.staff) =>
  (await api.request("GET", `/v1/clients/search?q=${encodeURIComponent(q)}`, { token })).body.items as {
    id: string;
    number: number;
    email: string;
  }[];

const unique = () => randomBytes(4).toString("hex");

describe("the WHMCS and Blesta samples", () => {
  it("WHMCS: a clean dry run, then an import keeping the numbers; browse and search find the clients", async () => {
    const dry = await upload("preset=whmcs&dryRun=true", fixture("whmcs-clients.csv"));
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ rows: 4, valid: 4, duplicates: 0, errors: [] });
    expect(dry.body.preview[0]).toMatchObject({
      row: 1,
      firstName: "Maria",
      lastName: "Fernández",
      state: "ES-M",
      language: "es",
    });
    expect(await search("Fernández")).toEqual([]);

    const started = await upload("preset=whmcs&keepNumbers=true", fixture("whmcs-clients.csv"));
    expect(started.status).toBe(202);
    const job = await finished(started.body.importId);
    expect(job).toMatchObject({ status: "done", total: 4, created: 4, updated: 0, skipped: 0, failed: 0, errors: [] });
    expect(job.startedAt).toEqual(expect.any(String));
    expect(job.finishedAt).toEqual(expect.any(String));

    const [maria] = await search("maria fernandez");
    expect(maria).toMatchObject({ number: 1042, email: "maria.fernandez@whmcs-sample.example" });
    const full = await api.request("GET", `/v1/clients/${maria!.id}`, { token: co.staff });
    expect(full.body).toMatchObject({
      company: "Nube Hosting S.L.",
      phones: [{ type: "phone", location: "home", number: "+34.912345678", e164: "+34912345678" }],
      language: "es",
    });
    const aoife = (await search("obrien"))[0]!;
    expect((await api.request("GET", `/v1/clients/${aoife.id}`, { token: co.staff })).body.status).toBe("inactive");
    const browse = await api.request("GET", "/v1/clients?sort=number&limit=100", { token: co.staff });
    expect(browse.body.items.map((c: { number: number }) => c.number)).toEqual(
      expect.arrayContaining([1042, 1043, 1044, 1045]),
    );
    // The counter moved past the highest kept number: the next client gets a new one.
    const next = await api.request("POST", "/v1/clients", { token: co.staff, body: clientBody() });
    expect(next.body.number).toBeGreaterThan(1045);
  });

  it("Blesta: dry run and import, with usernames, statuses, fax numbers and state codes", async () => {
    const dry = await upload("preset=blesta&dryRun=true", fixture("blesta-clients.csv"));
    expect(dry.body).toMatchObject({ rows: 3, valid: 3, duplicates: 0, errors: [] });
    const started = await upload("preset=blesta", fixture("blesta-clients.csv"));
    const job = await finished(started.body.importId);
    expect(job).toMatchObject({ status: "done", created: 3, failed: 0 });
    const [lena] = await search("lena.nordlys");
    const full = (await api.request("GET", `/v1/clients/${lena!.id}`, { token: co.staff })).body;
    expect(full).toMatchObject({ username: "lena.nordlys", state: "SE-AB", title: "CTO", marketing: { optIn: true } });
    const ravi = (await api.request("GET", `/v1/clients/${(await search("ravi patel"))[0]!.id}`, { token: co.staff }))
      .body;
    expect(ravi.phones.map((p: { type: string }) => p.type)).toEqual(["phone", "fax"]);
    expect(ravi.state).toBe("IN-KA");
    expect(await search("chloe dubois")).toHaveLength(1);
  });

  it("generic: the create body's columns, phones as type:location:number, and GET /v1/imports lists the imports", async () => {
    // The company already has an Ada Lovelace (a same-name duplicate): this file is created anyway.
    const started = await upload("preset=generic&onDuplicate=create", fixture("generic-clients.csv"));
    const job = await finished(started.body.importId);
    expect(job).toMatchObject({ created: 3, failed: 0 });
    const ada = (
      await api.request("GET", `/v1/clients/${(await search("ada lovelace analytical"))[0]!.id}`, { token: co.staff })
    ).body;
    expect(ada).toMatchObject({
      state: "GB-LND",
      marketing: { optIn: true },
      phones: [
        { type: "phone", location: "work", number: "+44 20 7946 0001" },
        { type: "fax", location: "work", number: "+44 20 7946 0002" },
      ],
    });
    expect(await search("ghopper")).toHaveLength(1);
    const list = await api.request("GET", "/v1/imports?limit=2", { token: co.admin });
    expect(list.body.items.map((i: { id: string }) => i.id)[0]).toBe(started.body.importId);
    expect(list.body.nextCursor).toEqual(expect.any(String));
    const rest = await api.request("GET", `/v1/imports?limit=10&cursor=${encodeURIComponent(list.body.nextCursor)}`, {
      token: co.admin,
    });
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();
  });
});

describe("rows are checked exactly as POST /v1/clients checks a body", () => {
  it("reports each invalid row with its column and the create's own message; writes nothing", async () => {
    const run = unique();
    const taken = await api.request("POST", "/v1/clients", {
      token: co.staff,
      body: clientBody({ email: `taken-${run}@example.com` }),
    });
    expect(taken.status).toBe(201);
    const csv = [
      "firstName,lastName,email,country,state,taxId,custom:Nope",
      `Ok,Row,ok-${run}@example.com,GB,,,`,
      `Bad,Email,not-an-email,GB,,,`,
      `Bad,Country,c-${run}@example.com,XX,,,`,
      `Bad,State,s-${run}@example.com,US,US-ZZ,,`,
      `Bad,Vat,v-${run}@example.com,DE,,DE123,`,
      `Taken,User,taken-${run}@example.com,GB,,,`,
      `Twice,Inthefile,ok-${run}@example.com,GB,,,`,
      `Custom,Field,cf-${run}@example.com,GB,,,value`,
    ].join("\n");
    // onDuplicate=create: every row is a new client, so rows 6 and 7 meet the username check.
    const res = await upload("dryRun=true&onDuplicate=create", csv);
    expect(res.status).toBe(200);
    expect(res.body.rows).toBe(8);
    expect(res.body.valid).toBe(1);
    const byRow = Object.fromEntries(res.body.errors.map((e: { row: number }) => [e.row, e]));
    expect(byRow[2]).toEqual({ row: 2, column: "email", message: "Not a valid email address." });
    expect(byRow[3]).toEqual({
      row: 3,
      column: "country",
      message: "Use an ISO 3166-1 alpha-2 country code such as GB.",
    });
    expect(byRow[4]).toMatchObject({
      column: "state",
      message: expect.stringContaining("Not an ISO 3166-2 subdivision of US"),
    });
    expect(byRow[5]).toMatchObject({ column: "taxId" });
    expect(byRow[6]).toEqual({
      row: 6,
      column: "email",
      message: "This username is taken. Choose another one, or specify a username.",
    });
    expect(byRow[7]).toMatchObject({ column: "email", message: expect.stringContaining("username is taken") });
    expect(byRow[8]).toMatchObject({ column: "custom:Nope" });
    // The same body through POST /v1/clients says the same.
    const post = await api.request("POST", "/v1/clients", {
      token: co.staff,
      body: clientBody({ email: "not-an-email" }),
    });
    expect(post.body.errors).toContainEqual({ path: "email", message: byRow[2].message });
    expect(await search(`ok-${run}`)).toEqual([]);
  });
});

describe("bad input answers a clear 4xx or a row error", () => {
  const header = "firstName,lastName,email,country";

  it("415 for another content type, 413 over 5 MB, 422 for an empty file or an unknown header", async () => {
    expect((await upload("dryRun=true", "{}", co.admin, "application/json")).status).toBe(415);
    const big = await upload("dryRun=true", `${header}\n${"a".repeat(5 * 1024 * 1024)}`);
    expect(big.status).toBe(413);
    const empty = await upload("dryRun=true", "");
    expect([empty.status, empty.body.type]).toEqual([422, expect.stringMatching(/empty-file$/)]);
    const blank = await upload("dryRun=true", "\n\n");
    expect([blank.status, blank.body.type]).toEqual([422, expect.stringMatching(/empty-file$/)]);
    const unknown = await upload("preset=whmcs", "name;mail\nAda;ada@example.com\n");
    expect([unknown.status, unknown.body.type]).toEqual([422, expect.stringMatching(/unrecognised-header$/)]);
    expect(unknown.body.detail).toContain("firstname");
    const query = await upload("preset=excel", `${header}\n`);
    expect(query.status).toBe(422);
  });

  it("refuses broken quoting with its line; a row with too many fields is a row error", async () => {
    const broken = await upload(
      "dryRun=true",
      `${header}\nAda,"Love"lace,a@example.com,GB\nAlan,Turing,b@example.com,GB\n`,
    );
    expect(broken.status).toBe(422);
    expect(broken.body.type).toMatch(/malformed-csv$/);
    expect(broken.body.detail).toContain("line 2");
    const run = unique();
    const wide = await upload(
      "dryRun=true",
      `${header}\nAda,Lovelace,w1-${run}@example.com,GB,extra\nAlan,Turing,w2-${run}@example.com,GB\n`,
    );
    expect(wide.body).toMatchObject({ rows: 2, valid: 1 });
    expect(wide.body.errors).toEqual([
      { row: 1, column: null, message: expect.stringContaining("5 fields; the header has 4") },
    ]);
  });

  it("reads a BOM with CRLF, semicolons, and Latin-1 bytes", async () => {
    const run = unique();
    const bom = await upload("dryRun=true", `\uFEFF${header}\r\nJosé,Núñez,bom-${run}@example.com,ES\r\n`);
    expect(bom.body).toMatchObject({ rows: 1, valid: 1, preview: [{ firstName: "José", lastName: "Núñez" }] });
    const latin1 = Buffer.from(`firstName;lastName;email;country\nZoë;Müller;l1-${run}@example.com;DE\n`, "latin1");
    const res = await upload("dryRun=true", latin1);
    expect(res.body).toMatchObject({ valid: 1, preview: [{ firstName: "Zoë", lastName: "Müller", country: "DE" }] });
  });

  it("a job whose rows all fail is reported as failed, with its errors", async () => {
    const started = await upload("", `${header}\nAda,Lovelace,nope,GB\n`);
    expect(started.status).toBe(202);
    const job = await finished(started.body.importId);
    expect(job).toMatchObject({ status: "failed", total: 1, created: 0, failed: 1 });
    expect(job.errors).toEqual([{ row: 1, column: "email", message: "Not a valid email address." }]);
  });
});

describe("duplicates", () => {
  async function existingAnd(rows: string[]) {
    const run = unique();
    const existing = await api.request("POST", "/v1/clients", {
      token: co.staff,
      body: clientBody({ firstName: "Dora", lastName: `Dup${run}`, email: `dora-${run}@example.com`, city: "Old" }),
    });
    expect(existing.status).toBe(201);
    const csv = ["firstName,lastName,email,country,city,username", ...rows.map((r) => r.replaceAll("RUN", run))].join(
      "\n",
    );
    return { run, existing: existing.body, csv };
  }

  it("the dry run counts rows duplicating an existing client or an earlier row, by the duplicates rule", async () => {
    const { csv } = await existingAnd([
      "dora,dupRUN,other-RUN@example.com,GB,New,u1-RUN",
      "Eve,New,eve-RUN@example.com,GB,,u2-RUN",
      "EVE,new,eve2-RUN@example.com,GB,,u3-RUN",
    ]);
    const res = await upload("dryRun=true", csv);
    expect(res.body).toMatchObject({ rows: 3, valid: 3, duplicates: 2 });
  });

  it("a row repeating an earlier row's email (and so its username) is a duplicate, and the import does what the dry run said", async () => {
    const { run, csv } = await existingAnd([
      "Ann,SameRUN,same-RUN@example.com,GB,,",
      "Ann,AgainRUN,same-RUN@example.com,GB,,",
      "Dora,DupRUN,dora-RUN@example.com,GB,,",
      "Bob,OtherRUN,other-RUN@example.com,GB,,",
    ]);
    const dry = await upload("dryRun=true&onDuplicate=skip", csv);
    expect(dry.body).toMatchObject({ rows: 4, valid: 4, duplicates: 2, errors: [] });
    // Created anyway, the repeated row (and the existing client's) takes a username already held: a row error.
    const createDry = await upload("dryRun=true&onDuplicate=create", csv);
    expect(createDry.body).toMatchObject({ rows: 4, valid: 2, duplicates: 0 });
    expect(createDry.body.errors).toEqual([
      { row: 2, column: "email", message: expect.stringContaining("username is taken") },
      { row: 3, column: "email", message: expect.stringContaining("username is taken") },
    ]);
    const job = await finished((await upload("onDuplicate=skip", csv)).body.importId);
    expect(job).toMatchObject({ status: "done", total: 4, created: 2, skipped: 2, failed: 0 });
    expect((await search(`same${run}`)).map((c) => c.email)).toEqual([`same-${run}@example.com`]);
  });

  it("finds the same existing duplicates by reading every client of a small company as by index lookups", async () => {
    const company = await createTestCompany(api, "Duplicate strategies");
    const run = unique();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const body = clientBody({
        firstName: `Strat${i}`,
        lastName: `Egy${run}`,
        email: `strat${i}-${run}@example.com`,
        phones: [{ type: "phone", location: "work", number: `+44 20 7946 ${String(i).padStart(4, "0")}` }],
      });
      ids.push((await api.request("POST", "/v1/clients", { token: company.staff, body })).body.id);
    }
    const anonymised = await api.request("POST", `/v1/clients/${ids[5]}/anonymise`, { token: company.admin });
    expect(anonymised.status).toBe(200);
    const wanted: [DuplicateKind, string][] = [
      ["email", `strat1-${run}@example.com`],
      ["phone", "+442079460002"],
      ["name", `strat3 egy${run}`],
      ["name", "anonymised client"],
      ["email", `nobody-${run}@example.com`],
    ];
    const expected = new Map([
      [`email#strat1-${run}@example.com`, ids[1]],
      ["phone#+442079460002", ids[2]],
      [`name#strat3 egy${run}`, ids[3]],
    ]);
    // 6 clients for 5 values: every client is read.
    expect(await existingDuplicates(company.companyId, wanted)).toEqual(expected);
    // 6 clients for 1 value: one lookup in the duplicates index, for each value alone.
    for (const value of wanted) {
      const key = `${value[0]}#${value[1]}`;
      const one = await existingDuplicates(company.companyId, [value]);
      expect(one).toEqual(expected.has(key) ? new Map([[key, expected.get(key)]]) : new Map());
    }
  });

  it("skip leaves the existing client, update changes the fields the file gives, create makes another", async () => {
    for (const mode of ["skip", "update", "create"] as const) {
      const { run, existing, csv } = await existingAnd(["Dora,DupRUN,dora-RUN@example.com,GB,New,dora2-RUN"]);
      const job = await finished((await upload(`onDuplicate=${mode}`, csv)).body.importId);
      const matches = await search(`dup${run}`);
      const city = (await api.request("GET", `/v1/clients/${existing.id}`, { token: co.staff })).body.city;
      if (mode === "skip") expect([job.skipped, matches.length, city]).toEqual([1, 1, "Old"]);
      if (mode === "update") expect([job.updated, matches.length, city]).toEqual([1, 1, "New"]);
      if (mode === "create") expect([job.created, matches.length, city]).toEqual([1, 2, "Old"]);
    }
  });
});

describe("a worker that crashes and runs again creates no client twice", () => {
  it("counts a chunk once when the count fails after the clients were created", async () => {
    const run = unique();
    const rows = Array.from({ length: 5 }, (_, i) => `Cr${i},Ash${run},crash${i}-${run}@example.com,GB`);
    const started = await upload("", ["firstName,lastName,email,country", ...rows].join("\n"), manual.admin);
    expect(started.status).toBe(202);
    const ref = { companyId: manual.companyId, importId: started.body.importId, index: 0 };
    const countsChunk = (command: unknown) =>
      isA(TransactWriteCommand)(command) &&
      JSON.stringify((command as TransactWriteCommand).input.TransactItems).includes("CHUNK#");
    const fault = failCommands(db(), countsChunk);
    await expect(importChunk(ref)).rejects.toThrow("injected fault");
    fault.restore();
    // The retry (the stream delivering the chunk again) finds the clients created and counts them once.
    expect(await importChunk(ref)).toBe("imported");
    expect(await importChunk(ref)).toBe("skipped");
    const job = await finished(started.body.importId, manual.admin);
    expect(job).toMatchObject({ status: "done", created: 5, failed: 0 });
    const found = await search(`ash${run}`, manual.staff);
    expect(found).toHaveLength(5);
    expect(found.map((c) => c.id).sort()).toEqual(rows.map((_, i) => importedClientId(ref.importId, i + 1)).sort());
  });

  it("a chunk that arrives before its job (a large upload still writing) waits for the job instead of failing", async () => {
    const run = unique();
    const started = await upload(
      "",
      `firstName,lastName,email,country\nEar,Ly${run},early-${run}@example.com,GB\n`,
      manual.admin,
    );
    const jobKey = keys.importJob(manual.companyId, started.body.importId);
    const { Item: jobItem } = await db().send(new GetCommand({ TableName: tableName(), Key: jobKey }));
    await db().send(new DeleteCommand({ TableName: tableName(), Key: jobKey }));
    const imported = importChunk({ companyId: manual.companyId, importId: started.body.importId, index: 0 });
    await new Promise((r) => setTimeout(r, 1500));
    await db().send(new PutCommand({ TableName: tableName(), Item: jobItem }));
    expect(await imported).toBe("imported");
    expect(await finished(started.body.importId, manual.admin)).toMatchObject({ status: "done", created: 1 });
  });

  it("a username taken after the upload fails only its row; the other rows of its transaction are created", async () => {
    const run = unique();
    const rows = Array.from({ length: 6 }, (_, i) => `Ra${i},Ce${run},race${i}-${run}@example.com,GB`);
    const started = await upload("", ["firstName,lastName,email,country", ...rows].join("\n"), manual.admin);
    const taker = await api.request("POST", "/v1/clients", {
      token: manual.staff,
      body: clientBody({ firstName: "Quick", lastName: "Taker", username: `race3-${run}@example.com` }),
    });
    expect(taker.status).toBe(201);
    expect(await importChunk({ companyId: manual.companyId, importId: started.body.importId, index: 0 })).toBe(
      "imported",
    );
    const job = await finished(started.body.importId, manual.admin);
    expect(job).toMatchObject({ status: "done", created: 5, failed: 1 });
    expect(job.errors).toEqual([{ row: 4, column: "email", message: expect.stringContaining("username is taken") }]);
    expect(await search(`ce${run}`, manual.staff)).toHaveLength(5);
  });

  it("a retried upload with the same Idempotency-Key answers the same import", async () => {
    const csv = `firstName,lastName,email,country\nIdem,Potent,idem-${unique()}@example.com,GB\n`;
    const send = () =>
      api.send(
        "POST",
        new URL(`${api.baseUrl}/v1/imports`),
        {
          authorization: `Bearer ${manual.admin}`,
          "content-type": "text/csv",
          "idempotency-key": `key-${unique()}`,
        },
        csv,
      );
    const key = `key-${unique()}`;
    const headers = { authorization: `Bearer ${manual.admin}`, "content-type": "text/csv", "idempotency-key": key };
    const first = await api.send("POST", new URL(`${api.baseUrl}/v1/imports`), headers, csv);
    const again = await api.send("POST", new URL(`${api.baseUrl}/v1/imports`), headers, csv);
    expect(JSON.parse(again.text)).toEqual(JSON.parse(first.text));
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(JSON.parse((await send()).text).importId).not.toBe(JSON.parse(first.text).importId);
  });
});

describe("an export imports into another company", () => {
  const SAME_FIELDS = [
    ...["firstName", "lastName", "company", "title", "address1", "address2", "city", "country", "state", "zip"],
    ...["email", "phones", "taxExempt", "taxId", "currency", "language", "status"],
  ];

  it("with the same clients; usernames held in the first company are derived, reported, and stay taken within it", async () => {
    const [source, target] = await Promise.all([
      createTestCompany(api, "Migration source"),
      createTestCompany(api, "Migration target"),
    ]);
    const run = unique();
    const bodies = [
      clientBody({ firstName: "Ada", lastName: `Mig${run}`, username: `ada-${run}`, company: "Analytical Ltd" }),
      clientBody({
        firstName: "Grace",
        lastName: `Mig${run}`,
        email: `grace-${run}@example.com`,
        phones: [{ type: "phone", location: "work", number: "+1 212 555 0100" }],
        address1: "1 Harbour St",
        city: "New York",
        country: "US",
        state: "US-NY",
        zip: "10001",
        marketingOptIn: true,
      }),
      clientBody({ firstName: "Alan", lastName: `Mig${run}`, country: "DE", taxId: "DE136695976" }),
    ];
    const created: { email: string; username: string; marketing: { optIn: boolean }; [field: string]: unknown }[] = [];
    for (const body of bodies) {
      const res = await api.request("POST", "/v1/clients", { token: source.staff, body });
      expect(res.status).toBe(201);
      created.push(res.body);
    }
    const exported = await api.request("GET", "/v1/clients/export?format=csv", { token: source.staff });
    expect(exported.status).toBe(200);
    const csv = exported.body as string;

    const worker = await startImporterFor([target.companyId]);
    try {
      const dry = await upload("dryRun=true", csv, target.admin);
      expect(dry.body).toMatchObject({ rows: 3, valid: 3, duplicates: 0, errors: [] });
      expect(dry.body.renamed).toHaveLength(3);
      const job = await finished((await upload("", csv, target.admin)).body.importId, target.admin);
      expect(job).toMatchObject({ status: "done", created: 3, failed: 0, errors: [] });
      expect(job.renamed).toEqual(dry.body.renamed);
      expect(job.renamed.map((r: { username: string }) => r.username).sort()).toEqual(
        [
          `ada-${run}-2`,
          `${created[1]!.username.replace("@", "-2@")}`,
          `${created[2]!.username.replace("@", "-2@")}`,
        ].sort(),
      );

      const browse = await api.request("GET", "/v1/clients?sort=number&limit=100", { token: target.staff });
      expect(browse.body.items).toHaveLength(3);
      for (const original of created) {
        const [summary] = (await search(original.email, target.staff)).filter((c) => c.email === original.email);
        const copy = (await api.request("GET", `/v1/clients/${summary!.id}`, { token: target.staff })).body;
        for (const field of SAME_FIELDS) expect([field, copy[field]]).toEqual([field, original[field]]);
        expect(copy.marketing.optIn).toBe(original.marketing.optIn);
        expect(copy.username).toBe(
          job.renamed.find((r: { row: number }) => r.row === created.indexOf(original) + 1)?.username,
        );
      }

      // Within the source company the same usernames are its own clients': duplicates, never derived.
      const again = await upload("dryRun=true&onDuplicate=create", csv, source.admin);
      expect(again.body.renamed).toEqual([]);
      expect(again.body.errors.map((e: { message: string }) => e.message)).toEqual(
        Array(3).fill(expect.stringContaining("username is taken")),
      );
      const skipped = await upload("dryRun=true", csv, source.admin);
      expect(skipped.body).toMatchObject({ valid: 3, duplicates: 3, renamed: [] });
    } finally {
      await worker.stop();
    }
  });
});

describe("authorization and tenant isolation", () => {
  it("admins only; another company's import is not found", async () => {
    const csv = "firstName,lastName,email,country\n";
    expect((await upload("dryRun=true", csv, co.staff)).status).toBe(403);
    const client = await api.request("POST", "/v1/clients", { token: co.staff, body: clientBody() });
    const clientToken = await api.login("clients", client.body.username, TEST_PASSWORD);
    expect((await upload("dryRun=true", csv, clientToken)).status).toBe(403);
    expect((await api.request("GET", "/v1/imports", { token: co.staff })).status).toBe(403);
    const mine = (await api.request("GET", "/v1/imports?limit=1", { token: co.admin })).body.items[0].id;
    expect((await api.request("GET", `/v1/imports/${mine}`, { token: other.admin })).status).toBe(404);
    expect((await api.request("GET", "/v1/imports", { token: other.admin })).body.items).toEqual([]);
  });
});
