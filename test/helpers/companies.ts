import { randomBytes } from "node:crypto";
import { createCompany } from "../../lib/companies/create-company";
import { addStaffMember } from "../../lib/staff/staff-members";
import type { TestApi } from "./api";
import { TEST_PASSWORD } from "./constants";

export interface TestCompany {
  companyId: string;
  admin: string;
  staff: string;
  adminUsername: string;
  staffUsername: string;
}

export { TEST_PASSWORD } from "./constants";

/** A fresh company with an admin and a staff member (signed in), so tests never share data. */
export async function createTestCompany(api: TestApi, name = "Company"): Promise<TestCompany> {
  const suffix = randomBytes(4).toString("hex");
  const company = await createCompany({ name: `${name} ${suffix}` });
  const adminUsername = `admin-${suffix}`;
  const staffUsername = `staff-${suffix}`;
  await addStaffMember({
    companyId: company.id,
    username: adminUsername,
    email: `${adminUsername}@test.localhost`,
    password: TEST_PASSWORD,
    role: "admin",
  });
  await addStaffMember({
    companyId: company.id,
    username: staffUsername,
    email: `${staffUsername}@test.localhost`,
    password: TEST_PASSWORD,
    role: "staff",
  });
  const [admin, staff] = await Promise.all([
    api.login("staff", adminUsername, TEST_PASSWORD),
    api.login("staff", staffUsername, TEST_PASSWORD),
  ]);
  return { companyId: company.id, admin, staff, adminUsername, staffUsername };
}

/** A unique, valid client create body; override any field. */
export function clientBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const id = randomBytes(5).toString("hex");
  return {
    firstName: "Ada",
    lastName: "Lovelace",
    email: `ada-${id}@example.com`,
    country: "GB",
    password: TEST_PASSWORD,
    ...overrides,
  };
}
