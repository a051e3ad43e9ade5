import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CfnResource } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import { PROJECT_ROOT } from "../../infra/bundling";
import { createApp } from "../../infra/clientele-app";
import type { ClienteleStack, ClienteleStackProps } from "../../infra/stack";

/** The context `cdk synth` gets from cdk.json (feature flags included), so tests see the same template. */
export const CDK_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(join(PROJECT_ROOT, "cdk.json"), "utf8"),
).context;

/** A sender and sign-in URL, so that the stack has no "set this before deploying" warnings. */
export const DEPLOY_CONTEXT = {
  fromAddress: "no-reply@mail.example.org",
  signInUrl: "https://portal.example.org/login",
};

/**
 * The stack as `cdk synth` builds it, without bundling the functions (the
 * synth test bundles them): assertions stay fast.
 */
export function buildStack(
  context: Record<string, unknown> = {},
  props: ClienteleStackProps = {},
): { stack: ClienteleStack; template: Template } {
  const stack = constructStack(context, props);
  return { stack, template: Template.fromStack(stack) };
}

/** The construct tree only, not synthesised (synthesis runs cdk-nag and fails on any unacknowledged finding). */
export function constructStack(context: Record<string, unknown> = {}, props: ClienteleStackProps = {}): ClienteleStack {
  return createApp({
    context: { ...CDK_CONTEXT, "aws:cdk:bundling-stacks": [], ...DEPLOY_CONTEXT, ...context },
    stack: props,
  }).stack;
}

export function logicalId(stack: ClienteleStack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnResource);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every IAM statement of every identity policy in the template, with the policy's logical id. */
export function iamStatements(template: Template): { policy: string; statement: Statement; roles: unknown }[] {
  const out: { policy: string; statement: Statement; roles: unknown }[] = [];
  for (const [policy, resource] of Object.entries(template.findResources("AWS::IAM::Policy"))) {
    for (const statement of resource.Properties.PolicyDocument.Statement as Statement[]) {
      out.push({ policy, statement, roles: resource.Properties.Roles });
    }
  }
  for (const [role, resource] of Object.entries(template.findResources("AWS::IAM::Role"))) {
    for (const inline of (resource.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]) {
      for (const statement of inline.PolicyDocument.Statement) out.push({ policy: role, statement, roles: [role] });
    }
  }
  return out;
}

/** A resource, output or property of the synthesised template: CloudFormation JSON, untyped by nature. */
export type CfnJson = any;

/**
 * Leaves no idle keep-alive socket to the Cognito emulator behind this file.
 * Synthesis blocks the event loop for seconds (more on a loaded machine);
 * meanwhile the emulator times the shared set-up's socket out, and the next
 * test file in this worker would send its JWKS fetch (test/helpers) on that
 * dead socket: "other side closed". One last request with `Connection: close`
 * either uses that socket and closes it, or fails on it and discards it.
 * Call it from afterAll in every file that synthesises.
 */
export async function settleSockets(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 100));
  const base = process.env.CLIENTELE_COGNITO_ISSUER_BASE;
  if (!base) return;
  await fetch(base, { headers: { connection: "close" } })
    .then((response) => response.arrayBuffer())
    .catch(() => undefined);
}

export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
