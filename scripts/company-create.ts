import { parseArgs } from "node:util";
import { createCompanyWithAdmin } from "../lib/companies/create-company-with-admin";
import { passwordPolicyMessage } from "../lib/identity/passwords";
import { StaffUsernameTakenError } from "../lib/identity/staff-users";
import { pointAtLocalStack } from "./local-stack-env";

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
