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
import { clientSchema } from "../../domain/client";
import { defineRoute } from "../../http/route";
import { errorResponses, idParam, pageOf, pageQuery } from "../common";

const clientParams = z.object({ clientId: idParam });
const listQuery = z.object(pageQuery);
const billingRoute = { lambda: "billing", tag: "Billing records", access: "staff" } as const;

const amountList = z.array(z.object({ currency: z.string(), amount: z.string() }));

const profileSchema = z
  .object({
    client: clientSchema,
    amountsDue: amountList.meta({ description: "Open invoice totals minus what was applied to them, per currency" }),
    credits: amountList.meta({ description: "Credit held for the client and not applied, per currency" }),
    actions: z.array(z.string()).meta({ description: "The account actions that apply to the client's status" }),
    widgets: z.array(
      z
        .object({
          id: z.enum(PROFILE_WIDGETS),
          minimized: z.boolean(),
          items: z.array(z.union([invoiceSchema, transactionSchema, serviceSchema])),
        })
        .meta({
          description: "In the caller's saved order; items are the latest 5 records of the widget's kind",
        }),
    ),
  })
  .meta({ id: "ClientProfile" });

export const getClientProfile = defineRoute({
  ...billingRoute,
  tag: "Client profile",
  operationId: "getClientProfile",
  method: "GET",
  path: "/v1/clients/{clientId}/profile",
  summary: "Everything the client profile page shows, in one request",
  params: clientParams,
  responses: { 200: { description: "The profile", schema: profileSchema }, ...errorResponses(401, 403, 404) },
});

const listRoute = (operationId: string, path: string, summary: string, item: z.ZodType, page: string) =>
  defineRoute({
    ...billingRoute,
    operationId,
    method: "GET",
    path,
    summary,
    params: clientParams,
    query: listQuery,
    responses: {
      200: { description: "A page, newest first", schema: pageOf(item, page) },
      ...errorResponses(400, 401, 403, 404, 422),
    },
  });

const createRoute = <B extends z.ZodType>(
  operationId: string,
  path: string,
  summary: string,
  body: B,
  item: z.ZodType,
  idPrefix: string,
) =>
  defineRoute({
    ...billingRoute,
    operationId,
    method: "POST",
    path,
    summary,
    params: clientParams,
    body,
    idempotency: { reserveId: () => timeOrderedId(idPrefix) },
    responses: {
      201: { description: "The record", schema: item },
      ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422),
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
);

export const getWidgetLayout = defineRoute({
  ...billingRoute,
  tag: "Client profile",
  operationId: "getClientProfileWidgets",
  method: "GET",
  path: "/v1/me/widgets/client-profile",
  summary: "The caller's client profile widget layout (the default one until saved)",
  responses: { 200: { description: "The layout", schema: widgetLayoutSchema }, ...errorResponses(401, 403) },
});

export const putWidgetLayout = defineRoute({
  ...billingRoute,
  tag: "Client profile",
  operationId: "putClientProfileWidgets",
  method: "PUT",
  path: "/v1/me/widgets/client-profile",
  summary: "Save the caller's widget order and minimised widgets, for every client profile in their company",
  body: widgetLayoutSchema,
  responses: {
    200: { description: "The saved layout", schema: widgetLayoutSchema },
    ...errorResponses(400, 401, 403, 413, 415, 422),
  },
});
