import * as z from "zod";
import { PROFILE_WIDGETS, widgetLayoutSchema } from "../../billing/profile-widgets";
import {
  invoiceCreateSchema,
  invoiceSchema,
  serviceCreateSchema,
  serviceSchema,
  transactionCreateSchema,
  transactionSchema,
} from "../../domain/billing";
import { timeOrderedId } from "../../domain/billing-ids";
import { clientSchema } from "../../domain/client-answer";
import { onFirstUse } from "../../domain/on-first-use";
import { defineRoute } from "../../http/route";
import { errorResponses, idParam, pageOf, pageQuery } from "../common";

const clientParams = onFirstUse(() => z.object({ clientId: idParam() }));
const listQuery = onFirstUse(() => z.strictObject(pageQuery()));
const billingRoute = { lambda: "billing", tag: "Billing records", access: "staff" } as const;

/** Built on first use: only the OpenAPI document reads it. */
const profileSchema = onFirstUse(() => {
  const amountList = z.array(z.object({ currency: z.string(), amount: z.string() }));

  return z
    .object({
      client: clientSchema(),
      amountsDue: amountList.meta({ description: "Open invoice totals minus what was applied to them, per currency" }),
      credits: amountList.meta({ description: "Credit held for the client and not applied, per currency" }),
      actions: z.array(z.string()).meta({ description: "The account actions that apply to the client's status" }),
      widgets: z.array(
        z
          .object({
            id: z.enum(PROFILE_WIDGETS),
            minimized: z.boolean(),
            items: z.array(z.union([invoiceSchema(), transactionSchema(), serviceSchema()])),
          })
          .meta({
            description: "In the caller's saved order; items are the latest 5 records of the widget's kind",
          }),
      ),
    })
    .meta({ id: "ClientProfile" });
});

export const getClientProfile = defineRoute({
  ...billingRoute,
  tag: "Client profile",
  operationId: "getClientProfile",
  description:
    "The client, amounts due and credits per currency, the account actions its status allows, and the widgets (latest invoices, transactions, services) in the caller's saved order.",
  method: "GET",
  path: "/v1/clients/{clientId}/profile",
  summary: "Everything the client profile page shows, in one request",
  get params() {
    return clientParams();
  },
  get responses() {
    return { 200: { description: "The profile", schema: profileSchema() }, ...errorResponses(401, 403, 404) };
  },
});

const listRoute = (operationId: string, path: string, summary: string, item: () => z.ZodType, page: string) =>
  defineRoute({
    ...billingRoute,
    operationId,
    method: "GET",
    path,
    summary,
    description: `${summary}: a page of them, amounts as decimal strings with their currency. Follow \`nextCursor\` until it is null.`,
    get params() {
      return clientParams();
    },
    get query() {
      return listQuery();
    },
    get responses() {
      return {
        200: { description: "A page, newest first", schema: pageOf(item(), page) },
        ...errorResponses(400, 401, 403, 404, 422),
      };
    },
  });

const createRoute = <B extends z.ZodType>(
  operationId: string,
  path: string,
  summary: string,
  body: () => B,
  item: () => z.ZodType,
  idPrefix: string,
  description: string,
) =>
  defineRoute({
    ...billingRoute,
    operationId,
    method: "POST",
    path,
    summary,
    description,
    get params() {
      return clientParams();
    },
    get body() {
      return body();
    },
    idempotency: { reserveId: () => timeOrderedId(idPrefix) },
    get responses() {
      return {
        201: { description: "The record", schema: item() },
        ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422),
      };
    },
  });

export const listInvoices = listRoute(
  "listInvoices",
  "/v1/clients/{clientId}/invoices",
  "A client's invoices, newest first",
  invoiceSchema,
  "InvoicePage",
);
export const createInvoice = createRoute(
  "createInvoice",
  "/v1/clients/{clientId}/invoices",
  "Issue an invoice; tax from the group or company rate, none for a tax-exempt client",
  invoiceCreateSchema,
  invoiceSchema,
  "inv",
  "Issues an invoice in one currency with its lines; the tax rate comes from the client's group or the company, and a tax-exempt client pays none. With an `Idempotency-Key` a retry issues no second invoice.",
);
export const listTransactions = listRoute(
  "listTransactions",
  "/v1/clients/{clientId}/transactions",
  "A client's payments, credits and refunds, newest first",
  transactionSchema,
  "TransactionPage",
);
export const createTransaction = createRoute(
  "createTransaction",
  "/v1/clients/{clientId}/transactions",
  "Record a payment, credit or refund, applied to an invoice or held as credit",
  transactionCreateSchema,
  transactionSchema,
  "txn",
  "Records a payment, credit or refund. A payment applied to an invoice lowers what is due; a credit is held for the client. With an `Idempotency-Key` a retry records nothing twice.",
);
export const listServices = listRoute(
  "listServices",
  "/v1/clients/{clientId}/services",
  "A client's services, newest first",
  serviceSchema,
  "ServicePage",
);
export const createService = createRoute(
  "createService",
  "/v1/clients/{clientId}/services",
  "Record a service; it renews in the order's currency if named, else the client's preferred one",
  serviceCreateSchema,
  serviceSchema,
  "svc",
  "Records a service the client has (a hosting plan, a domain) with its price and billing period; it renews in the order's currency if named, else in the client's preferred one. With an `Idempotency-Key` a retry records nothing twice.",
);

export const getWidgetLayout = defineRoute({
  ...billingRoute,
  tag: "Client profile",
  operationId: "getClientProfileWidgets",
  description:
    "The order of the client profile's widgets and which are minimised, as the calling staff member saved them; the default layout until they save one.",
  method: "GET",
  path: "/v1/me/widgets/client-profile",
  summary: "The caller's client profile widget layout (the default one until saved)",
  get responses() {
    return { 200: { description: "The layout", schema: widgetLayoutSchema() }, ...errorResponses(401, 403) };
  },
});

export const putWidgetLayout = defineRoute({
  ...billingRoute,
  tag: "Client profile",
  operationId: "putClientProfileWidgets",
  description:
    "Saves the calling staff member's widget order and minimised widgets for every client profile in their company. The order names each widget once.",
  method: "PUT",
  path: "/v1/me/widgets/client-profile",
  summary: "Save the caller's widget order and minimised widgets, for every client profile in their company",
  get body() {
    return widgetLayoutSchema();
  },
  get responses() {
    return {
      200: { description: "The saved layout", schema: widgetLayoutSchema() },
      ...errorResponses(400, 401, 403, 413, 415, 422),
    };
  },
});
