import * as billing from "../lib/api/routes/billing";
import { listBillingRecords } from "../lib/billing/billing-lists";
import { invoiceView, serviceView, transactionView } from "../lib/billing/billing-views";
import { clientProfile } from "../lib/billing/client-profile";
import { createInvoice } from "../lib/billing/invoices";
import { loadWidgetLayout, saveWidgetLayout } from "../lib/billing/profile-widgets";
import { createService } from "../lib/billing/services";
import { createTransaction } from "../lib/billing/transactions";
import { createApiHandler } from "../lib/http/api-handler";
import { runIdempotently } from "../lib/http/idempotency";
import { created, ok } from "../lib/http/response";
import { bind } from "../lib/http/route";

export const handler = createApiHandler(
  [
    bind(billing.getClientProfile, async ({ auth, params }) =>
      ok(await clientProfile(auth.companyId, params.clientId, auth.sub)),
    ),

    bind(billing.listInvoices, async ({ auth, params, query }) =>
      ok(
        await listBillingRecords({ companyId: auth.companyId, clientId: params.clientId, kind: "invoices", ...query }),
      ),
    ),
    bind(billing.createInvoice, async ({ auth, params, body, reservedId }) =>
      created(invoiceView(await createInvoice(auth.companyId, params.clientId, reservedId, body))),
    ),

    bind(billing.listTransactions, async ({ auth, params, query }) =>
      ok(
        await listBillingRecords({
          companyId: auth.companyId,
          clientId: params.clientId,
          kind: "transactions",
          ...query,
        }),
      ),
    ),
    bind(billing.createTransaction, async ({ auth, params, body, reservedId }) =>
      created(transactionView(await createTransaction(auth.companyId, params.clientId, reservedId, body))),
    ),

    bind(billing.listServices, async ({ auth, params, query }) =>
      ok(
        await listBillingRecords({ companyId: auth.companyId, clientId: params.clientId, kind: "services", ...query }),
      ),
    ),
    bind(billing.createService, async ({ auth, params, body, reservedId }) => {
      const { service, clientCurrency } = await createService(auth.companyId, params.clientId, reservedId, body);
      return created(serviceView(service, clientCurrency));
    }),

    bind(billing.getWidgetLayout, async ({ auth }) => ok(await loadWidgetLayout(auth.companyId, auth.sub))),
    bind(billing.putWidgetLayout, async ({ auth, body }) => ok(await saveWidgetLayout(auth.companyId, auth.sub, body))),
  ],
  { runIdempotently },
);
