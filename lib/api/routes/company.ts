import { companyPatchSchema, companySchema } from "../../domain/company";
import { defineRoute } from "../../http/route";
import { errorResponses } from "../common";

export const getCompany = defineRoute({
  operationId: "getCompany",
  description:
    "The settings of the caller's company: name, currencies and the default one, languages and the default one, where client numbers start, and the group that signups join. Answers an `ETag` with the version.",
  method: "GET",
  path: "/v1/company",
  access: "staff",
  lambda: "settings",
  tag: "Company",
  summary: "The caller's company",
  get responses() {
    return { 200: { description: "The company", schema: companySchema() }, ...errorResponses(401, 403) };
  },
});

export const patchCompany = defineRoute({
  operationId: "patchCompany",
  description:
    "Changes some of the company's settings and answers the new state. The default currency and language must be among the offered ones, and the signup group must exist. Send `If-Match` with the ETag to refuse a change to a newer version (412).",
  method: "PATCH",
  path: "/v1/company",
  access: "admin",
  lambda: "settings",
  tag: "Company",
  summary: "Change the company's settings (admin)",
  get body() {
    return companyPatchSchema();
  },
  get responses() {
    return {
      200: { description: "The company", schema: companySchema() },
      ...errorResponses(400, 401, 403, 412, 413, 415, 422),
    };
  },
});
