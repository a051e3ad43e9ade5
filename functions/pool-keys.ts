import type { CloudFormationCustomResourceEvent } from "aws-lambda";
import { answerCloudFormation } from "../lib/deploy/custom-resource";
import { poolKeysForDeploy } from "../lib/identity/pool-keys";
import { logger } from "../lib/observability/logger";

/**
 * The PoolKeys custom resource (infra/pool-keys.ts): on every deploy that creates or changes it, reads the
 * user pools' signing keys, which the API functions then get in CLIENTELE_POOL_KEYS. Nothing to delete.
 */
export const handler = async (event: CloudFormationCustomResourceEvent): Promise<void> => {
  const userPoolIds = (event.ResourceProperties.UserPoolIds ?? []) as string[];
  const keys = event.RequestType === "Delete" ? "" : await poolKeysForDeploy(userPoolIds, (m) => logger.warn(m));
  await answerCloudFormation(event, "pool-keys", { Keys: keys });
};
