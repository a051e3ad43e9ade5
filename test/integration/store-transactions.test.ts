import { createCompany } from "../../lib/companies/create-company";
import { EMPTY_SUMMARY, type Service } from "../../lib/domain/billing";
import { newId } from "../../lib/domain/ids";
import { createGroup } from "../../lib/groups/group-service";
import { type BillingWrite, commitBillingWrite } from "../../lib/store/billing-repository";
import { finalizeClient, reserveClient } from "../../lib/store/client-creation-repository";
import { markClientDeleting } from "../../lib/store/client-removal-repository";
import { ClientWriteConflict, replaceClient, type StoredClient } from "../../lib/store/client-repository";
import { TransactionConditionFailed } from "../../lib/store/errors";
import { deleteEmptyGroup } from "../../lib/store/group-repository";
import { keys } from "../../lib/store/keys";
import { getEntity } from "../../lib/store/operations";
import { IS_NEW, named, transactWrite, tx } from "../../lib/store/transact";
import { clientDeletedEvent, newEvent } from "../../lib/webhooks/events";
import { clientFixture } from "../helpers/client-fixture";

/*
 * Every transaction that can fail for more than one reason names its
 * conditions, and the failure is classified by the names that failed. Each
 * test below breaks exactly one condition and checks the classification.
 */

let companyId: string;
let generalGroup: string;

beforeAll(async () => {
  const company = await createCompany({ name: "Transactions" });
  companyId = company.id;
  generalGroup = company.signupGroupId;
});

async function liveClient(overrides: Partial<StoredClient> = {}): Promise<StoredClient> {
  const id = newId("cl");
  const client = clientFixture({ id, companyId, username: `tx-${id}`, groupId: generalGroup, ...overrides });
  await reserveClient(client);
  expect(await finalizeClient(client, { history: [], puts: [], events: [] })).toBe(true);
  return client;
}

const edited = (client: StoredClient, change: Partial<StoredClient> = {}): StoredClient => ({
  ...client,
  ...change,
  version: client.version + 1,
});

async function conflictOf(write: Promise<void>): Promise<string> {
  const error = await write.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClientWriteConflict);
  return (error as ClientWriteConflict).reason;
}

describe("transactWrite names the conditions that failed", () => {
  test("only the failed items, by name; unnamed ones as `unnamed`", async () => {
    const taken = { pk: `CO#${companyId}#TXTEST`, sk: newId("t") };
    await transactWrite([tx.put({ ...taken, itemType: "test" }, IS_NEW)]);
    const error = await transactWrite([
      named("fresh", tx.put({ pk: taken.pk, sk: newId("t"), itemType: "test" }, IS_NEW)),
      named("taken", tx.put({ ...taken, itemType: "test" }, IS_NEW)),
      tx.check(taken, { ConditionExpression: "attribute_not_exists(pk)" }),
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionConditionFailed);
    expect([...(error as TransactionConditionFailed).failed].sort()).toEqual(["taken", "unnamed"]);
  });
});

describe("replaceClient classifies a lost write", () => {
  test("the client moved on: version", async () => {
    const client = await liveClient();
    await replaceClient(client, edited(client, { firstName: "First" }), [], []);
    expect(await conflictOf(replaceClient(client, edited(client, { firstName: "Second" }), [], []))).toBe("version");
  });

  test("the new username is held by another client: username", async () => {
    const holder = await liveClient();
    const client = await liveClient();
    expect(
      await conflictOf(replaceClient(client, edited(client, { username: holder.username.toUpperCase() }), [], [])),
    ).toBe("username");
  });

  test("the new group is gone: group", async () => {
    const group = await createGroup(companyId, newId("grp"), {
      name: `Gone ${newId("g")}`,
      description: "",
      color: "#6b7280",
      settings: { taxExemptByDefault: false, allowSignup: false },
    });
    expect(await deleteEmptyGroup(companyId, group.id)).toBe(true);
    const client = await liveClient();
    expect(await conflictOf(replaceClient(client, edited(client, { groupId: group.id }), [], []))).toBe("group");
  });

  test("a stale version wins over the other reasons", async () => {
    const holder = await liveClient();
    const client = await liveClient();
    await replaceClient(client, edited(client, { firstName: "Moved" }), [], []);
    expect(await conflictOf(replaceClient(client, edited(client, { username: holder.username }), [], []))).toBe(
      "version",
    );
  });
});

describe("commitBillingWrite classifies a lost write", () => {
  const service = (): Service => ({
    id: newId("svc"),
    name: "Hosting",
    price: 1000n,
    currency: "USD",
    currencyFromOrder: false,
    billingPeriod: "monthly",
    nextRenewalDate: null,
    status: "active",
    createdAt: new Date().toISOString(),
  });
  const write = (clientId: string, record: Service, summaryVersion = 0): BillingWrite => ({
    companyId,
    clientId,
    summaryBefore: { ...EMPTY_SUMMARY, version: summaryVersion },
    summaryAfter: { ...EMPTY_SUMMARY, recent: { invoices: [], transactions: [], services: [record] } },
    kind: "services",
    record,
    event: newEvent(companyId, "service.created", { id: record.id }),
  });

  test("written, then the same record again: record-exists", async () => {
    const client = await liveClient();
    const record = service();
    expect(await commitBillingWrite(write(client.id, record))).toBe("written");
    expect(await commitBillingWrite(write(client.id, record, 1))).toBe("record-exists");
  });

  test("the summary moved on: conflict", async () => {
    const client = await liveClient();
    expect(await commitBillingWrite(write(client.id, service()))).toBe("written");
    expect(await commitBillingWrite(write(client.id, service()))).toBe("conflict");
  });

  test("the client is being deleted: client-gone", async () => {
    const client = await liveClient();
    expect(await markClientDeleting(client, clientDeletedEvent(client))).toBe(true);
    expect(await commitBillingWrite(write(client.id, service()))).toBe("client-gone");
  });

  test("no such client: client-gone, and nothing written", async () => {
    const clientId = newId("cl");
    expect(await commitBillingWrite(write(clientId, service()))).toBe("client-gone");
    expect(await getEntity(keys.billingSummary(companyId, clientId), true)).toBeNull();
  });
});
