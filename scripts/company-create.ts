import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createCompanyWithAdmin } from "../lib/companies/create-company-with-admin";
import { resetConfig } from "../lib/config";
import { passwordPolicyMessage } from "../lib/identity/passwords";
import { StaffUsernameTakenError } from "../lib/identity/staff-users";
import type { PoolIds } from "../lib/local/bootstrap";
import { localSettings } from "../lib/local/settings";

const usage = `Usage: npm run company:create -- --name "Beta Hosting" --admin-email admin@beta.example --admin-password '...' [--admin-username beta-admin] [--currency EUR] [--language de]

Against the local stack, run it while \`npm start\` is running. Against AWS, set the CLIENTELE_* variables
(table name, staff pool and client ids) from the stack outputs first.`;

const { values } = parseArgs({
  options: {
    name: { type: "string" },
    "admin-email": { type: "string" },
    "admin-password": { type: "string" },
    "admin-username": { type: "string" },
    currency: { type: "string" },
    language: { type: "string" },
  },
});
const name = values.name;
const email = values["admin-email"];
const password = values["admin-password"];
if (!name || !email || !password) {
  console.error(usage);
  process.exit(2);
}
const weak = passwordPolicyMessage(password);
if (weak) {
  console.error(weak);
  process.exit(2);
}
if (!process.env.CLIENTELE_STAFF_POOL_ID) pointAtLocalStack();

const username = values["admin-username"] ?? email;
try {
  const { company } = await createCompanyWithAdmin(
    { name, defaultCurrency: values.currency, defaultLanguage: values.language },
    { username, email, password },
  );
  console.log(`Company ${company.name} (${company.id}) created, with admin ${username}.`);
} catch (error) {
  if (!(error instanceof StaffUsernameTakenError)) throw error;
  console.error(
    `The staff username ${username} is taken (staff usernames are unique across the installation). Nothing was created: choose another --admin-username.`,
  );
  process.exit(1);
}

/** Uses the emulators and pools that `npm start` created. */
function pointAtLocalStack() {
  const settings = localSettings();
  const stateFile = join(settings.dataDir, "stack.json");
  if (!existsSync(stateFile)) {
    console.error(
      `No local stack in ${settings.dataDir}/: run \`npm start\` first, or set the CLIENTELE_* variables for AWS.`,
    );
    process.exit(1);
  }
  const pools = JSON.parse(readFileSync(stateFile, "utf8")) as PoolIds;
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? "local",
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? "local",
    AWS_ENDPOINT_URL_DYNAMODB: `http://localhost:${settings.ports.dynamodb}`,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `http://localhost:${settings.ports.cognito}`,
    CLIENTELE_STAFF_POOL_ID: pools.staffPoolId,
    CLIENTELE_STAFF_CLIENT_ID: pools.staffClientId,
    CLIENTELE_CLIENT_POOL_ID: pools.clientPoolId,
    CLIENTELE_CLIENT_CLIENT_ID: pools.clientClientId,
  });
  resetConfig();
}
