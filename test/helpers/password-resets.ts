import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { handler as passwordResets } from "../../functions/password-resets";
import { startStreamPoller } from "../../lib/local/stream-poller";
import { matchesPasswordResetRequestFilter } from "../../lib/recovery/stream-filter";
import { findUsernameOwner } from "../../lib/store/username-repository";
import { streamAtFileStart } from "./file-start";

/**
 * The password-reset worker as in the cloud, on the table's stream, but only for the requests naming a
 * client of one of these companies, or nobody (unknown usernames: every file's worker may take those,
 * which the worker is made for). A request names no company until it is looked up, hence the lookup.
 */
export async function startPasswordResetsFor(companyIds: string[]): Promise<{ stop(): Promise<void> }> {
  return startStreamPoller({
    filter: (record: DynamoDBRecord) => matchesPasswordResetRequestFilter(record as never),
    handler: async (event, context) => {
      const mine: DynamoDBRecord[] = [];
      for (const record of event.Records) {
        const { username } = unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>);
        const owner = await findUsernameOwner(username as string);
        if (!owner || companyIds.includes(owner.companyId)) mine.push(record);
      }
      return passwordResets({ Records: mine }, context);
    },
    intervalMs: 100,
    from: await streamAtFileStart(),
  });
}
