import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, type TestCompany } from "../helpers/companies";
import { companyViolations } from "../helpers/invariants";
import { scanTable } from "../helpers/table";

/**
 * Load on loopback: 200 creates at once, then 2,000 mixed requests with a
 * bounded number in flight. No 5xx, and no lost write: every client created
 * is there with a number of its own (a gap in the numbers only where a create
 * failed), every edit is in the client's version, every invoice is stored.
 */

const CONCURRENT_CREATES = 200;
const MIXED_REQUESTS = 2_000;
const IN_FLIGHT = 32;

let api: TestApi;
let co: TestCompany;

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Load");
});
afterAll(() => api.close());

interface Outcome {
  operation: string;
  status: number;
  clientId?: string;
  version?: number;
}

const outcomes: Outcome[] = [];
const live: string[] = [];
const createFailures = () => outcomes.filter((o) => o.operation === "create" && o.status !== 201).length;

async function create(): Promise<Outcome> {
  const res = await api.request("POST", "/v1/clients", { token: co.staff, body: clientBody({ lastName: "Loadtest" }) });
  if (res.status === 201) live.push(res.body.id);
  return { operation: "create", status: res.status, clientId: res.body.id, version: res.body.version };
}

const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;

/** One request of the mix, by twentieths: 6 gets, 3 edits, 2 browse, 2 search, 3 profiles, 1 history, 2 invoices, 1 create. */
async function mixed(i: number): Promise<Outcome> {
  const clientId = pick(live);
  const roll = i % 20;
  if (roll < 6) return read("get", `/v1/clients/${clientId}`, clientId);
  if (roll < 9) {
    const res = await api.request("PATCH", `/v1/clients/${clientId}`, {
      token: co.staff,
      body: { city: `City ${i}` },
    });
    return { operation: "patch", status: res.status, clientId, version: res.body.version };
  }
  if (roll < 11) return read("browse", `/v1/clients?limit=25&sort=${pick(["number", "lastName", "createdAt"])}`);
  if (roll < 13) return read("search", `/v1/clients/search?q=loadtest&limit=25`);
  if (roll < 16) return read("profile", `/v1/clients/${clientId}/profile`, clientId);
  if (roll < 17) return read("history", `/v1/clients/${clientId}/history`, clientId);
  if (roll < 19) {
    const res = await api.request("POST", `/v1/clients/${clientId}/invoices`, {
      token: co.staff,
      body: { lines: [{ description: `Load ${i}`, quantity: 1, unitPrice: "1.00" }] },
    });
    return { operation: "invoice", status: res.status, clientId };
  }
  return create();
}

async function read(operation: string, path: string, clientId?: string): Promise<Outcome> {
  const res = await api.request("GET", path, { token: co.staff });
  return { operation, status: res.status, clientId };
}

/** Runs `count` requests with at most `inFlight` at a time. */
async function bounded(count: number, inFlight: number, run: (i: number) => Promise<Outcome>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) outcomes.push(await run(next++));
    }),
  );
}

describe("load on loopback", () => {
  it(`${CONCURRENT_CREATES} creates at once, then ${MIXED_REQUESTS} mixed requests: no 5xx, no lost write`, async () => {
    outcomes.push(...(await Promise.all(Array.from({ length: CONCURRENT_CREATES }, create))));
    expect(live.length).toBeGreaterThan(0);
    await bounded(MIXED_REQUESTS, IN_FLIGHT, mixed);

    const serverErrors = outcomes.filter((o) => o.status >= 500);
    expect(serverErrors).toEqual([]);
    const byStatus = new Map<string, number>();
    for (const o of outcomes)
      byStatus.set(`${o.operation} ${o.status}`, (byStatus.get(`${o.operation} ${o.status}`) ?? 0) + 1);
    // Reads of live clients and creates with unique usernames have no reason to fail.
    const unexpected = [...byStatus].filter(([key]) => !/ 20[01]$/.test(key) && !/^patch 409$/.test(key));
    expect(unexpected).toEqual([]);

    const table = await scanTable();
    const items = table.filter((i) => String(i.pk).startsWith(`CO#${co.companyId}`));
    const clients = items.filter((i) => i.itemType === "client");
    expect(clients.map((c) => c.id).sort()).toEqual([...live].sort());

    const numbers = clients.map((c) => c.number as number).sort((x, y) => x - y);
    expect(new Set(numbers).size).toBe(numbers.length);
    const gaps = numbers.at(-1)! - numbers[0]! + 1 - numbers.length;
    expect(gaps).toBeLessThanOrEqual(createFailures());

    for (const client of clients) {
      const edits = outcomes.filter((o) => o.operation === "patch" && o.status === 200 && o.clientId === client.id);
      const versions = edits.map((e) => e.version);
      expect({ client: client.id, version: client.version, distinct: new Set(versions).size }).toEqual({
        client: client.id,
        version: 1 + edits.length,
        distinct: edits.length,
      });
      const invoices = outcomes.filter(
        (o) => o.operation === "invoice" && o.status === 201 && o.clientId === client.id,
      );
      const stored = items.filter((i) => i.pk === client.pk && String(i.sk).startsWith("INV#"));
      expect({ client: client.id, invoices: stored.length }).toEqual({ client: client.id, invoices: invoices.length });
    }
    expect(await companyViolations(co.companyId, table)).toEqual([]);
  }, 120_000);
});
