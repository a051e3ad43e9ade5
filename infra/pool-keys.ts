import { CustomResource } from "aws-cdk-lib";
import type { IUserPool } from "aws-cdk-lib/aws-cognito";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";

/**
 * The user pools' signing keys, read once per deploy by functions/pool-keys.ts (CloudFormation invokes it
 * directly: no provider framework), for the API functions' environment (CLIENTELE_POOL_KEYS). Without them
 * every cold start fetches the pools' JWKS over HTTPS before it can check a token. The pools' ids are its
 * properties: new pools read again.
 */
export class PoolKeys extends Construct {
  /** The packed keys, or "" when the deploy could not read them (lib/identity/pool-keys.ts). */
  readonly value: string;

  constructor(scope: Construct, id: string, props: { fn: IFunction; pools: IUserPool[] }) {
    super(scope, id);
    const resource = new CustomResource(this, "Resource", {
      serviceToken: props.fn.functionArn,
      resourceType: "Custom::PoolKeys",
      properties: { UserPoolIds: props.pools.map((pool) => pool.userPoolId) },
    });
    this.value = resource.getAttString("Keys");
  }
}
