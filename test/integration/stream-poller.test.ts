import { randomBytes } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { config } from "../../lib/config";
import { type StreamCheckpoint, startStreamPoller, streamCheckpoint } from "../../lib/local/stream-poller";
import { db } from "../../lib/store/client";
import { eventually } from "../helpers/mail";

const run = randomBytes(4).toString("hex");
const put = (name: string) =>
  db().send(new PutCommand({ TableName: config().tableName, Item: { pk: `POLLER#${run}`, sk: name } }));

/** The names this file wrote that a poller started `from` the checkpoint (or at each shard's start) delivered. */
async function delivered(from: StreamCheckpoint | undefined, expected: string[]): Promise<string[]> {
  const names: string[] = [];
  const poller = await startStreamPoller({
    filter: (record: DynamoDBRecord) => record.dynamodb?.Keys?.pk?.S === `POLLER#${run}`,
    handler: async (event) => {
      for (const record of event.Records) names.push(record.dynamodb!.Keys!.sk!.S!);
      return { batchItemFailures: [] };
    },
    intervalMs: 50,
    ...(from ? { from } : {}),
  });
  try {
    await eventually(
      async () => [...names],
      (seen) => expected.every((name) => seen.includes(name)),
    );
    // A little longer, for anything that should not come.
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    await poller.stop();
  }
  return names;
}

describe("the local stream poller", () => {
  it("started from a checkpoint, delivers what was written after it, even before it started, and nothing before", async () => {
    await put("before");
    const checkpoint = await streamCheckpoint();
    await put("after");
    expect(await delivered(checkpoint, ["after"])).toEqual(["after"]);
    // The checkpoint stays where it was: a second poller from it gets the same, and later writes too.
    await put("later");
    expect(await delivered(checkpoint, ["after", "later"])).toEqual(["after", "later"]);
  });

  it("started without one, delivers from the start of the stream, as the mapping's TRIM_HORIZON does", async () => {
    expect(await delivered(undefined, ["before", "after", "later"])).toEqual(["before", "after", "later"]);
  });
});
