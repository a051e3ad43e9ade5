import { App, type AppProps, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { ClienteleStack, type ClienteleStackProps } from "./stack";

export interface CreateAppOptions extends AppProps {
  stack?: ClienteleStackProps;
}

/** The CDK app: the Clientele stack (named by context `stackName`, default "Clientele") checked by cdk-nag. */
export function createApp(options: CreateAppOptions = {}): { app: App; stack: ClienteleStack } {
  const { stack: stackProps, ...appProps } = options;
  const app = new App(appProps);
  const stackName = String(app.node.tryGetContext("stackName") ?? "Clientele");
  const stack = new ClienteleStack(app, stackName, stackProps);
  // AwsSolutions errors fail `cdk synth` and `cdk deploy`; every acknowledgement is justified in infra/nag.ts.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}
