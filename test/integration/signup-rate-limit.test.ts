import { randomBytes } from "node:crypto";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { sourceNetwork } from "../../lib/signup/rate-limiter";
import { db, tableName } from "../../lib/store/client";
import { keys } from "../../lib/store/keys";
import { countAttempt } from "../../lib/store/rate-limit-repository";

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
