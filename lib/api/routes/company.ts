import { companyPatchSchema, companySchema } from "../../domain/company";
import { defineRoute } from "../../http/route";
import { errorResponses } from "../common";

export const getCompany = defineRoute({
  operationId: "getCompany",
  method: "GET",
  path: "/v1/company",
  access: "staff",
  lambda: "settings",
  tag: "Company",
  summary: "The caller's company",
  responses: { 200: { description: "The company", schema: companySchema }, ...errorResponses(401, 403) },
});

export const patchCompany = defineRoute({
  operationId: "patchCompany",
  method: "PATCH",
  path: "/v1/company",
  access: "admin",
  lambda: "settings",
  tag: "Company",
  summary: "Change the company's settings (admin)",
  body: companyPatchSchema,
  responses: {
    200: { description: "The company", schema: companySchema },
    ...errorResponses(400, 401, 403, 412, 413, 415, 422),
  },
});
