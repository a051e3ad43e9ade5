import type { CloudFormationCustomResourceEvent } from "aws-lambda";
import { handler } from "../../functions/pool-keys";
import { config, resetConfig } from "../../lib/config";
import { POOL_KEYS_ENV, packPoolKeys, unpackPoolKeys } from "../../lib/identity/pool-keys";
import { WebhookReceiver } from "../helpers/webhook-receiver";

let cloudFormation: WebhookReceiver;
beforeAll(async () => {
  cloudFormation = await WebhookReceiver.start();
});
afterAll(() => cloudFormation.close());

const event = (requestType: "Create" | "Update" | "Delete", userPoolIds: string[]) =>
  ({
    RequestType: requestType,
    ResponseURL: cloudFormation.url(`/answer-${cloudFormation.requests.length}`),
    StackId: "arn:aws:cloudformation:us-east-1:000000000000:stack/clientele/1",
    RequestId: `request-${requestType}`,
    LogicalResourceId: "PoolKeysBB154879",
    ResourceType: "Custom::PoolKeys",
    ServiceToken: "arn:aws:lambda:us-east-1:000000000000:function:pool-keys",
    ResourceProperties: {
      ServiceToken: "arn:aws:lambda:us-east-1:000000000000:function:pool-keys",
      UserPoolIds: userPoolIds,
    },
    ...(requestType === "Create" ? {} : { PhysicalResourceId: "pool-keys" }),
  }) as unknown as CloudFormationCustomResourceEvent;

/** What the handler told CloudFormation. */
async function answerTo(request: CloudFormationCustomResourceEvent): Promise<Record<string, unknown>> {
  const before = cloudFormation.requests.length;
  await handler(request);
  expect(cloudFormation.requests).toHaveLength(before + 1);
  const sent = cloudFormation.requests.at(-1)!;
  expect(sent.path).toBe(new URL(request.ResponseURL).pathname);
  // The pre-signed URL is signed for an empty content type: any other and CloudFormation never hears back.
  expect(sent.headers["content-type"]).toBe("");
  return JSON.parse(sent.body) as Record<string, unknown>;
}

const pools = () => [config().staffPool.userPoolId, config().clientPool.userPoolId];

describe("the PoolKeys custom resource (functions/pool-keys.ts)", () => {
  it("reads both pools' keys and answers CloudFormation with them, packed as the functions read them", async () => {
    const answer = await answerTo(event("Create", pools()));
    expect(answer).toEqual({
      Status: "SUCCESS",
      PhysicalResourceId: "pool-keys",
      StackId: "arn:aws:cloudformation:us-east-1:000000000000:stack/clientele/1",
      RequestId: "request-Create",
      LogicalResourceId: "PoolKeysBB154879",
      Data: { Keys: expect.any(String) },
    });
    const keys = (answer.Data as { Keys: string }).Keys;
    // The local stack hands the same keys to the functions: what this test suite's tokens are checked with.
    expect(keys).toBe(process.env[POOL_KEYS_ENV]);
    const unpacked = unpackPoolKeys(keys);
    expect([...unpacked.keys()]).toEqual(pools());
    for (const jwks of unpacked.values()) {
      expect(jwks.keys.length).toBeGreaterThan(0);
      expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: expect.any(String) });
    }
    expect((await answerTo(event("Update", pools()))).Data).toEqual({ Keys: keys });
  });

  it("never fails a deploy: keys it cannot read are handed over as none (the functions then fetch them)", async () => {
    const unreachable = await WebhookReceiver.start();
    unreachable.down = true;
    const issuerBase = process.env.CLIENTELE_COGNITO_ISSUER_BASE;
    process.env.CLIENTELE_COGNITO_ISSUER_BASE = `http://127.0.0.1:${unreachable.port}`;
    resetConfig();
    try {
      const answer = await answerTo(event("Create", pools()));
      expect(answer).toMatchObject({ Status: "SUCCESS", PhysicalResourceId: "pool-keys", Data: { Keys: "" } });
      expect(unreachable.requests.length).toBeGreaterThan(0);
    } finally {
      process.env.CLIENTELE_COGNITO_ISSUER_BASE = issuerBase;
      resetConfig();
      await unreachable.close();
    }
  });

  it("deletes nothing and reads nothing on Delete", async () => {
    expect(await answerTo(event("Delete", pools()))).toMatchObject({ Status: "SUCCESS", Data: { Keys: "" } });
  });
});

describe("the packed keys", () => {
  it("keep only RS256 signing keys, and a value that is not theirs unpacks to none", () => {
    const rsa = { kty: "RSA", alg: "RS256", use: "sig", kid: "a", n: "n-a", e: "AQAB" };
    const packed = packPoolKeys({
      pool_1: {
        keys: [rsa, { ...rsa, kid: "enc", use: "enc" }, { kty: "EC", kid: "ec", crv: "P-256", x: "x", y: "y" }],
      },
    });
    expect(unpackPoolKeys(packed)).toEqual(new Map([["pool_1", { keys: [rsa] }]]));
    for (const value of [undefined, "", "not json", "[1]", '{"pool_1":[["only-a-kid"]]}']) {
      expect([...unpackPoolKeys(value).values()].flatMap((jwks) => jwks.keys)).toEqual([]);
    }
  });
});
