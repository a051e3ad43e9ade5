import * as company from "../lib/api/routes/company";
import { loadCompany, updateCompany } from "../lib/companies/company-service";
import { createApiHandler } from "../lib/http/api-handler";
import { etagOf, expectedVersion } from "../lib/http/conditional";
import { ok } from "../lib/http/response";
import { bind } from "../lib/http/route";

export const handler = createApiHandler([
  bind(company.getCompany, async ({ auth }) => {
    const found = await loadCompany(auth.companyId);
    return ok(found, { etag: etagOf(found.version) });
  }),

  bind(company.patchCompany, async ({ auth, body, headers }) => {
    const updated = await updateCompany(auth.companyId, body, expectedVersion(headers["if-match"]));
    return ok(updated, { etag: etagOf(updated.version) });
  }),
]);
