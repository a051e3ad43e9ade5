import * as billing from "../lib/api/routes/billing";
import { billingListReads, listBillingRecords } from "../lib/billing/billing-lists";
import { invoiceView, serviceView, transactionView } from "../lib/billing/billing-views";
import { clientProfile } from "../lib/billing/client-profile";
import { createInvoice } from "../lib/billing/invoices";
import { loadWidgetLayout, saveWidgetLayout } from "../lib/billing/profile-widgets";
import { createService } from "../lib/billing/services";
import { createTransaction } from "../lib/billing/transactions";
import type { BillingKind } from "../lib/domain/billing";
import { createApiHandler } from "../lib/http/api-handler";
import { runIdempotently } from "../lib/http/idempotency";
import { created, ok } from "../lib/http/response";
import { bind, withFirstReads } from "../lib/http/route";

export const handler = createApiHandler(
  [
    bind(billing.getClientProfile, async ({ auth, params }) =>
      ok(await clientProfile(auth.companyId, params.clientId, auth.sub)),
    ),

    recordList(billing.listInvoices, "invoices"),
    bind(billing.createInvoice, async ({ auth, params, body, reservedId }) =>
      created(invoiceView(await createInvoice(auth.companyId, params.clientId, reservedId, body))),
    ),

    recordList(billing.listTransactions, "transactions"),
    bind(billing.createTransaction, async ({ auth, params, body, reservedId }) =>
      created(transactionView(await createTransaction(auth.companyId, params.clientId, reservedId, body))),
    ),

    recordList(billing.listServices, "services"),
    bind(billing.createService, async ({ auth, params, body, reservedId }) => {
      const { service, clientCurrency } = await createService(auth.companyId, params.clientId, reservedId, body);
      return created(serviceView(service, clientCurrency));
    }),

    bind(billing.getWidgetLayout, async ({ auth }) => ok(await loadWidgetLayout(auth.companyId, auth.sub))),
    bind(billing.putWidgetLayout, async ({ auth, body }) => ok(await saveWidgetLayout(auth.companyId, auth.sub, body))),
  ],
  { runIdempotently },
);

/** A client's records of one kind: the client and the first page start with the caller lookup. */
function recordList(
  spec: typeof billing.listInvoices | typeof billing.listTransactions | typeof billing.listServices,
  kind: BillingKind,
) {
  return withFirstReads(
    spec,
    async ({ auth, params, query }) =>
      ok(await listBillingRecords({ companyId: auth.companyId, clientId: params.clientId, kind, ...query })),
    (companyId, { params, query }) => billingListReads({ companyId, clientId: params.clientId, kind, ...query }),
  );
}
