/**
 * After the first `cdk deploy`: creates the installation's company and its
 * first admin (the same `ensureInstallation` the local stack runs at start-up),
 * with your AWS credentials, against the deployed table and staff pool.
 *
 *   npx cdk deploy -c domain=example.com --outputs-file cdk.out/outputs.json
 *   CLIENTELE_ADMIN_PASSWORD='...' CLIENTELE_ADMIN_EMAIL=you@example.com \
 *     npx tsx infra/bootstrap-installation.ts cdk.out/outputs.json
 *
 * Safe to run again: an existing company and admin are kept (the password is
 * only set when the admin is created). The password comes from the
 * environment, never from the command line (shell history).
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

export interface StackOutputs {
  Region: string;
  TableName: string;
  StaffUserPoolId: string;
  StaffClientId: string;
  ClientUserPoolId: string;
  ClientClientId: string;
  FieldKeyArn: string;
}

/** The environment lib/config.ts reads, from the stack's outputs (`cdk deploy --outputs-file`). */
export function environmentFromOutputs(file: Record<string, Record<string, string>>, stackName?: string) {
  const name = stackName ?? Object.keys(file)[0];
  const outputs = name ? file[name] : undefined;
  if (!outputs) throw new Error(`No outputs for stack ${stackName ?? "(any)"} in the outputs file`);
  const required = (key: keyof StackOutputs) => {
    const value = outputs[key];
    if (!value) throw new Error(`The outputs of ${name} have no ${key}: deploy the current stack first`);
    return value;
  };
  return {
    AWS_REGION: required("Region"),
    CLIENTELE_TABLE_NAME: required("TableName"),
    CLIENTELE_STAFF_POOL_ID: required("StaffUserPoolId"),
    CLIENTELE_STAFF_CLIENT_ID: required("StaffClientId"),
    CLIENTELE_CLIENT_POOL_ID: required("ClientUserPoolId"),
    CLIENTELE_CLIENT_CLIENT_ID: required("ClientClientId"),
    CLIENTELE_FIELD_KEY_ID: required("FieldKeyArn"),
  };
}

async function main(argv: string[]): Promise<void> {
  const [outputsFile, stackName] = argv;
  if (!outputsFile) throw new Error("Usage: tsx infra/bootstrap-installation.ts <outputs.json> [stack name]");
  const password = process.env.CLIENTELE_ADMIN_PASSWORD;
  const email = process.env.CLIENTELE_ADMIN_EMAIL;
  if (!password || !email) throw new Error("Set CLIENTELE_ADMIN_PASSWORD and CLIENTELE_ADMIN_EMAIL");
  Object.assign(process.env, environmentFromOutputs(JSON.parse(readFileSync(outputsFile, "utf8")), stackName));
  // Imported only now, so that lib/config.ts reads the environment set above.
  const { resetConfig } = await import("../lib/config");
  resetConfig();
  const { ensureInstallation } = await import("../lib/local/bootstrap");
  const companyId = await ensureInstallation({
    companyName: process.env.CLIENTELE_COMPANY_NAME ?? "My Company",
    adminUsername: process.env.CLIENTELE_ADMIN_USERNAME ?? "admin",
    adminEmail: email,
    adminPassword: password,
  });
  console.log(`Company ${companyId} is ready; sign in as ${process.env.CLIENTELE_ADMIN_USERNAME ?? "admin"}.`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
