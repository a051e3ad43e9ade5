import type { Company } from "../domain/company";
import type { StaffMember } from "../domain/staff";
import { StaffUsernameTakenError, staffUserSub } from "../identity/staff-users";
import { addStaffMember } from "../staff/staff-members";
import { createCompany, type NewCompany } from "./create-company";

export interface CompanyAdmin {
  username: string;
  email: string;
  password: string;
  name?: string;
}

/**
 * A new tenant and its first admin (`npm run company:create`). A taken
 * username is refused before anything is written: an existing account is
 * never re-linked to another company.
 */
export async function createCompanyWithAdmin(
  input: NewCompany,
  admin: CompanyAdmin,
): Promise<{ company: Company; admin: StaffMember }> {
  if (await staffUserSub(admin.username)) throw new StaffUsernameTakenError(admin.username);
  const company = await createCompany(input);
  const member = await addStaffMember({ ...admin, companyId: company.id, role: "admin" });
  return { company, admin: member };
}
