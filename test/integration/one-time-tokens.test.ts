import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { newId } from "../../lib/domain/ids";
import { InvalidTokenError } from "../../lib/errors/application-errors";
import { db, tableName } from "../../lib/store/client";
import { keys } from "../../lib/store/keys";
import { transactWrite } from "../../lib/store/transact";
import {
  consumeOneTimeToken,
  issueOneTimeToken,
  TOKEN_LIFETIME_SECONDS,
  type TokenRequest,
} from "../../lib/tokens/one-time-tokens";
import { openToken, sealToken } from "../../lib/tokens/sealed-token";
import { advanceClock, restoreClock } from "../helpers/clock";
import { tableDump } from "../helpers/table";
import { watchSecret } from "../helpers/watched-secrets";

const companyId = newId("co");
const request = (over: Partial<TokenRequest> = {}): TokenRequest => ({
  purpose: "password-reset",
  companyId,
  audience: "client",
  subjectId: newId("cl"),
  ...over,
});

async function issued(over: Partial<TokenRequest> = {}) {
  const { token, items, expiresAt } = issueOneTimeToken(request(over));
  watchSecret(token);
  await transactWrite(items);
  return { token, expiresAt };
}

const rejected = (promise: Promise<unknown>) => expect(promise).rejects.toMatchObject({ code: "invalid-token" });

afterEach(restoreClock);

describe("one-time tokens", () => {
  it("are 256 random bits in base64url, stored only as their SHA-256", async () => {
    const { token } = await issued();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await tableDump()).not.toContain(token);
  });

  it("give back what they stand for once, then answer invalid-token", async () => {
    const subjectId = newId("cl");
    const { token } = await issued({ subjectId, emailHash: "hash-of-a" });
    await expect(consumeOneTimeToken(token, "password-reset")).resolves.toMatchObject({
      purpose: "password-reset",
      companyId,
      audience: "client",
      subjectId,
      emailHash: "hash-of-a",
    });
    await rejected(consumeOneTimeToken(token, "password-reset"));
    const error = await consumeOneTimeToken(token, "password-reset").catch((e) => e);
    expect(error).toBeInstanceOf(InvalidTokenError);
  });

  it("let exactly one of many concurrent uses win", async () => {
    const { token } = await issued();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => consumeOneTimeToken(token, "password-reset")),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of outcomes.filter((o) => o.status === "rejected")) {
      expect((o as PromiseRejectedResult).reason).toBeInstanceOf(InvalidTokenError);
    }
  });

  it("expire after their purpose's lifetime, though DynamoDB Local never deletes them", async () => {
    const { token, expiresAt } = await issued();
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(TOKEN_LIFETIME_SECONDS["password-reset"] * 1000);
    advanceClock(TOKEN_LIFETIME_SECONDS["password-reset"] * 1000 + 1000);
    await rejected(consumeOneTimeToken(token, "password-reset"));
  });

  it("still work just before they expire", async () => {
    const { token } = await issued({ purpose: "staff-invitation", audience: "staff" });
    advanceClock((TOKEN_LIFETIME_SECONDS["staff-invitation"] - 60) * 1000);
    await expect(consumeOneTimeToken(token, "staff-invitation")).resolves.toMatchObject({ audience: "staff" });
  });

  it("work for their own purpose only, and a wrong-purpose try does not use them up", async () => {
    const { token } = await issued({ purpose: "email-verification" });
    await rejected(consumeOneTimeToken(token, "password-reset"));
    await expect(consumeOneTimeToken(token, "email-verification")).resolves.toMatchObject({
      purpose: "email-verification",
    });
  });

  it("die when a newer token of the same purpose is issued to the same person, not another purpose's", async () => {
    const subjectId = newId("cl");
    const first = await issued({ subjectId });
    const verification = await issued({ subjectId, purpose: "email-verification" });
    const second = await issued({ subjectId });
    await rejected(consumeOneTimeToken(first.token, "password-reset"));
    await expect(consumeOneTimeToken(second.token, "password-reset")).resolves.toMatchObject({ subjectId });
    await expect(consumeOneTimeToken(verification.token, "email-verification")).resolves.toMatchObject({ subjectId });
  });

  it("leave nothing behind once used", async () => {
    const subjectId = newId("cl");
    const { token } = await issued({ subjectId });
    await consumeOneTimeToken(token, "password-reset");
    const latest = keys.latestOneTimeToken(companyId, "client", subjectId, "password-reset");
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: latest, ConsistentRead: true }));
    expect(Item).toBeUndefined();
  });

  it("answer invalid-token for anything that is not one", async () => {
    for (const bad of ["", "x", "a".repeat(43), "a".repeat(44), `${"a".repeat(42)}=`, "../../etc/passwd"]) {
      await rejected(consumeOneTimeToken(bad, "password-reset"));
    }
  });

  it("travel to the mailer sealed and bound to their message", async () => {
    const token = issueOneTimeToken(request()).token;
    watchSecret(token);
    const where = { companyId, messageId: newId("msg") };
    const sealed = await sealToken(token, where);
    expect(sealed).not.toContain(token);
    await expect(openToken(sealed, where)).resolves.toBe(token);
    await expect(openToken(sealed, { companyId, messageId: newId("msg") })).rejects.toThrow();
  });
});
