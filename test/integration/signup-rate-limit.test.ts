import { randomBytes } from "node:crypto";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { RateLimitedError } from "../../lib/errors/application-errors";
import { writeWithinAttemptLimits } from "../../lib/limits/attempt-limits";
import { sourceNetwork } from "../../lib/signup/rate-limiter";
import { db, tableName } from "../../lib/store/client";
import { keys } from "../../lib/store/keys";
import { countAttempt } from "../../lib/store/rate-limit-repository";
import { tx } from "../../lib/store/transact";

const counter = () => keys.signupAttempts(`test#${randomBytes(6).toString("hex")}`);
const now = () => Math.floor(Date.now() / 1000);

describe("signup attempt counters", () => {
  it("opens a window with the first attempt and counts within it", async () => {
    const who = counter();
    const first = await countAttempt(who, 3600);
    const second = await countAttempt(who, 3600);
    expect(first.attempts).toBe(1);
    expect(second).toEqual({ attempts: 2, windowEndsAt: first.windowEndsAt });
    expect(first.windowEndsAt - now()).toBeGreaterThan(3590);
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: who }));
    expect(Item).toMatchObject({ attempts: 2, expiresAt: first.windowEndsAt });
  });

  it("treats an expired counter as absent, though DynamoDB has not deleted it yet", async () => {
    const who = counter();
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...who, attempts: 99, expiresAt: now() - 1 } }));
    const fresh = await countAttempt(who, 60);
    expect(fresh.attempts).toBe(1);
    expect(fresh.windowEndsAt).toBeGreaterThan(now());
  });

  it("loses no attempt when many arrive at once, on a new window as on a live one", async () => {
    const who = counter();
    const counts = await Promise.all(Array.from({ length: 12 }, () => countAttempt(who, 3600)));
    expect(counts.map((c) => c.attempts).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(new Set(counts.map((c) => c.windowEndsAt)).size).toBe(1);
  });

  it("keys signup counters by subject alone, outside every company: one count for the whole installation", () => {
    expect(keys.signupAttempts("ip#192.0.2.1")).toEqual({ pk: "SIGNUP#ip#192.0.2.1", sk: "ATTEMPTS" });
  });

  it("counts an IPv6 source by its /64 and an IPv4 one by its address", () => {
    expect(sourceNetwork("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(sourceNetwork("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(sourceNetwork("2001:db8::5")).toBe("2001:db8:0:0::/64");
    expect(sourceNetwork("::1")).toBe("0:0:0:0::/64");
    expect(sourceNetwork("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(sourceNetwork("203.0.113.9")).toBe("203.0.113.9");
  });
});

describe("attempts counted in the transaction of what they ask for", () => {
  const marker = () => keys.recoveryAttempts(`marker#${randomBytes(6).toString("hex")}`);

  it("lets exactly `limit` of many concurrent attempts through, each with its item, and counts none of the refused", async () => {
    const [tight, loose] = [counter(), counter()];
    const markers = Array.from({ length: 12 }, marker);
    const outcomes = await Promise.allSettled(
      markers.map((key) =>
        writeWithinAttemptLimits(
          [
            { key: tight, limit: 5 },
            { key: loose, limit: 100 },
          ],
          3600,
          [tx.put({ ...key, itemType: "attempt-marker" })],
        ),
      ),
    );
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(5);
    for (const outcome of refused) expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(RateLimitedError);
    expect(refused).toHaveLength(7);
    const read = async (key: { pk: string; sk: string }) =>
      (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
    expect(await read(tight)).toMatchObject({ attempts: 5 });
    expect(await read(loose)).toMatchObject({ attempts: 5 });
    expect((await Promise.all(markers.map(read))).filter(Boolean)).toHaveLength(5);
  });

  it("refuses with the time left in the full window, and replaces an ended window by a fresh one", async () => {
    const [full, ended] = [counter(), counter()];
    const endsAt = now() + 120;
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...full, attempts: 3, expiresAt: endsAt } }));
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...ended, attempts: 99, expiresAt: now() - 1 } }));
    const refused = await writeWithinAttemptLimits([{ key: full, limit: 3 }], 3600, []).catch((error) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterSeconds).toBeGreaterThan(110);
    expect((refused as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(120);

    await writeWithinAttemptLimits([{ key: ended, limit: 3 }], 60, []);
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: ended, ConsistentRead: true }));
    expect(Item!.attempts).toBe(1);
    expect(Item!.expiresAt).toBeGreaterThan(now());
  });
});
