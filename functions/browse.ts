import * as browse from "../lib/api/routes/browse";
import { createApiHandler } from "../lib/http/api-handler";
import { ok } from "../lib/http/response";
import { bind, withFirstReads } from "../lib/http/route";
import { browseClients, browsePageQuery } from "../lib/search/browse-clients";
import { findDuplicates } from "../lib/search/find-duplicates";
import { marketingAudience } from "../lib/search/marketing-audience";
import { searchClients } from "../lib/search/search-clients";

export const handler = createApiHandler([
  // The list staff open most: its first page starts with the caller lookup.
  withFirstReads(
    browse.browseClients,
    async ({ auth, query }) => ok(await browseClients(auth.companyId, query)),
    (companyId, { query }) => ({ queries: [browsePageQuery(companyId, query)] }),
  ),
  bind(browse.searchClients, async ({ auth, query }) => ok(await searchClients(auth.companyId, query))),
  bind(browse.marketingAudience, async ({ auth, query }) => ok(await marketingAudience(auth.companyId, query))),
  bind(browse.findDuplicates, async ({ auth, query }) => ok(await findDuplicates(auth.companyId, query))),
]);
