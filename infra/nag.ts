import { Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import type { ClienteleStack } from "./stack";

/** One acknowledged cdk-nag AwsSolutions finding: where, which rule, and why (one line). */
export interface NagAcknowledgement {
  /** Where it holds (a construct that is not built, e.g. an optional worker, is left out). */
  scopes: (stack: ClienteleStack) => (IConstruct | undefined)[];
  id: string;
  reason: string;
}

/**
 * Every AwsSolutions finding this stack accepts, each with its reason. Nothing
 * else is acknowledged: any new finding fails `cdk synth` and test/infra.
 * (cdk-nag v3: acknowledgements are CDK `Validations.of(scope).acknowledge()`.)
 */
export const NAG_ACKNOWLEDGEMENTS: readonly NagAcknowledgement[] = [
  {
    scopes: (s) => [s.api],
    id: "AwsSolutions-APIG4",
    reason:
      "Authorization is done in the functions (lib/http/authenticate.ts): api.md needs problem+json 401/403, 403 for the other pool's tokens and 404/405 before 401, which HTTP API JWT authorizers cannot give.",
  },
  {
    scopes: (s) => [s.functions],
    id: "AwsSolutions-L1",
    reason:
      "Node.js 22 on purpose: the code is built and tested on Node 22 (package.json engines, the node dev dependency); moving to a newer runtime is a tested change, not a default.",
  },
  {
    scopes: (s) => [s.data.cursorSecret],
    id: "AwsSolutions-SMG4",
    reason:
      "HMAC key of list cursors, resolved into the functions at deploy: rotate by putting a new value and redeploying (infra/README.md); a rotation Lambda would only invalidate cursors out of band.",
  },
  {
    scopes: (s) => [s.identity.staffPool, s.identity.clientPool],
    id: "AwsSolutions-COG1",
    reason:
      "The password policy is the product's contract (api.md: 12+ characters with lower, upper and digit), enforced identically by the API and the local stack.",
  },
  {
    scopes: (s) => [s.identity.staffPool],
    id: "AwsSolutions-COG2",
    reason:
      "Staff MFA is the API's own TOTP step (lib/mfa/: sealed secrets, one use per time step, lockout), required per company by requireStaffMfa; required Cognito MFA would be a second factor the API's sign-in does not drive.",
  },
  {
    scopes: (s) => [s.identity.clientPool],
    id: "AwsSolutions-COG2",
    reason:
      "Client MFA is not part of the product (customers sign in through the API with username and password); status changes end sessions instead.",
  },
  {
    scopes: (s) => [s.identity.clientPool],
    id: "AwsSolutions-COG8",
    reason:
      "Plus tier is billed per client MAU and its adaptive authentication sees only Lambda's addresses (sign-in runs in the API); the staff pool, few and privileged, is on Plus.",
  },
  {
    scopes: (s) => [s.mailer, s.importer, s.passwordResets, s.webhooks].map((worker) => worker?.deadLetterQueue),
    id: "AwsSolutions-SQS3",
    reason:
      "These queues are themselves dead-letter queues (on-failure destinations of the stream workers' mappings, infra/stream-worker.ts); cdk-nag only recognises redrive policies.",
  },
];

export function applyNagSuppressions(stack: ClienteleStack): void {
  for (const { scopes, id, reason } of NAG_ACKNOWLEDGEMENTS) {
    for (const construct of scopes(stack)) if (construct) Validations.of(construct).acknowledge({ id, reason });
  }
}
