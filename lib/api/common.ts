import * as z from "zod";
import { ID_PATTERN } from "../domain/ids";
import { onFirstUse } from "../domain/on-first-use";
import type { ResponseSpec } from "../http/route";
import { passwordPolicyMessage } from "../identity/passwords";

export const problemSchema = onFirstUse(() =>
  z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.number().int(),
      detail: z.string(),
      errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    })
    .meta({ id: "Problem" }),
);

export const idParam = onFirstUse(() => z.string().regex(ID_PATTERN, "Not an id."));

/** Installations with several companies name the one a signup or hosted page is for; the default is the installation's first. */
export const companyQuery = onFirstUse(() =>
  z.strictObject({
    company: idParam().optional().meta({ description: "The company; defaults to the installation's default company." }),
  }),
);

/** `limit` (1..100, default 25) and the opaque `cursor` of every list. */
export const pageQuery = onFirstUse(() => ({
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: "Items per page, 1..100" }),
  cursor: z
    .string()
    .max(2048)
    .optional()
    .meta({ description: "The `nextCursor` of the previous page; only valid for the same list and filters" }),
}));

export const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).meta({ id });

/** A route's error responses by status; each is the one shared response of that status (a component of the document). */
export const errorResponses = (...statuses: number[]): Record<number, ResponseSpec> =>
  Object.fromEntries(statuses.map((status) => [status, sharedErrorResponse(status)]));

/** The shared response of an error status, always the same object, so the document can name it once and refer to it. */
export function sharedErrorResponse(status: number): ResponseSpec {
  const response = SHARED_ERROR_RESPONSES().get(status);
  if (!response) throw new Error(`No shared response for status ${status}`);
  return response;
}

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: "Malformed JSON, a cursor that is not valid for this list (`bad-cursor`), or another bad request its `type` names",
  401: "No token, an invalid or expired one, or wrong credentials",
  403: "A token of the other audience, or a role that may not do this",
  404: "Not found (also another company's ids)",
  409: "Conflict with the current state; the problem's `type` names it",
  412: "The `If-Match` version is not the current one: read it again",
  413: "The body is over 64 KiB",
  415: "The body is not `application/json`",
  422: "Validation failed; `errors` lists each invalid field or query parameter by its path",
  429: "Too many requests: wait `Retry-After` seconds",
  500: "Something failed on the server side; no detail leaves it. Retry later",
  503: "A dependency is busy or the function could not run: retry after `Retry-After` seconds",
};

const SHARED_ERROR_RESPONSES = onFirstUse(
  () =>
    new Map<number, ResponseSpec>(
      Object.entries(ERROR_DESCRIPTIONS).map(([status, description]) => [
        Number(status),
        { description, schema: problemSchema(), contentType: "application/problem+json" },
      ]),
    ),
);

/** A filter left empty (`?status=`) means no filter, as a search form sends it. */
export const optionalFilter = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** `{currentPassword, newPassword}`: the new one meets the policy and differs from the current one. */
export const passwordChangeSchema = (id: string) =>
  z
    .strictObject({ currentPassword: z.string().min(1).max(256), newPassword: z.string().max(256) })
    .superRefine((body, ctx) => {
      const problem = passwordPolicyMessage(body.newPassword);
      if (problem) ctx.addIssue({ code: "custom", path: ["newPassword"], message: problem });
      else if (body.newPassword === body.currentPassword) {
        ctx.addIssue({
          code: "custom",
          path: ["newPassword"],
          message: "Choose a password other than the current one.",
        });
      }
    })
    .meta({ id });
