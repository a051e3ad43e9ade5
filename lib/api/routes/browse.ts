import * as z from "zod";
import { CLIENT_STATUSES, MARKETING_SOURCES } from "../../domain/client-constants";
import { onFirstUse } from "../../domain/on-first-use";
import { defineRoute } from "../../http/route";
import { BROWSE_SORTS } from "../../store/indexing/client-summary";
import { DUPLICATE_KINDS } from "../../store/indexing/duplicate-keys";
import { queryWords } from "../../store/indexing/text";
import { errorResponses, idParam, optionalFilter, pageOf, pageQuery } from "../common";

const browseRoute = { lambda: "browse", tag: "Finding clients", access: "staff", method: "GET" } as const;

// The answers' schemas live here, not beside the mapping in lib/store/indexing/client-summary.ts: the store
// imports that module in every function, which then built them at cold start.
const clientSummarySchema = onFirstUse(() =>
  z
    .object({
      id: z.string(),
      number: z.number().int(),
      firstName: z.string(),
      lastName: z.string(),
      company: z.string().nullable(),
      email: z.string(),
      username: z.string(),
      status: z.enum(CLIENT_STATUSES),
      groupId: z.string(),
      createdAt: z.string(),
    })
    .meta({ id: "ClientSummary" }),
);

const audienceMemberSchema = onFirstUse(() =>
  z
    .object({
      clientId: z.string(),
      number: z.number().int(),
      email: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      language: z.string(),
      consent: z.object({ changedAt: z.string(), source: z.enum(MARKETING_SOURCES) }),
    })
    .meta({ id: "MarketingAudienceMember" }),
);

const clientPage = onFirstUse(() => pageOf(clientSummarySchema(), "ClientSummaryPage"));

const browseClientsQuery = onFirstUse(() =>
  z.strictObject({
    status: optionalFilter(z.enum(CLIENT_STATUSES)),
    groupId: optionalFilter(idParam()),
    sort: z.enum(BROWSE_SORTS).default("number"),
    order: z.enum(["asc", "desc"]).default("asc"),
    ...pageQuery(),
  }),
);

export const browseClients = defineRoute({
  ...browseRoute,
  operationId: "browseClients",
  description:
    "A page of client summaries, optionally only one status and/or one group, ordered by number, first or last name, company, email or creation time, ascending or descending. A page costs the same at any company size. The cursor continues only the same filters and order.",
  path: "/v1/clients",
  summary: "A page of the company's clients, filtered by status and group, in one of six orders",
  get query() {
    return browseClientsQuery();
  },
  get responses() {
    return {
      200: {
        description: "Client summaries; names sort case- and accent-insensitively, ties by client number",
        schema: clientPage(),
      },
      ...errorResponses(400, 401, 403, 422),
    };
  },
});

const searchClientsQuery = onFirstUse(() =>
  z.strictObject({
    q: z
      .string()
      .max(200)
      .refine((q) => queryWords(q).length > 0, "Type at least one letter or digit."),
    ...pageQuery(),
  }),
);

export const searchClients = defineRoute({
  ...browseRoute,
  operationId: "searchClients",
  description:
    "Every word of `q` must start a word of the client's name, company, email, username or number, or the digits of a phone (as entered, or its E.164 form without `+`). Case and accents are ignored.",
  path: "/v1/clients/search",
  summary:
    "Clients matching every word of `q` as the start of a word of their name, company, email, username, number or phone",
  get query() {
    return searchClientsQuery();
  },
  get responses() {
    return {
      200: {
        description:
          "Client summaries. A page reads a bounded number of index entries, so it may hold fewer than `limit` items while `nextCursor` is set; it holds none only at the end of the results (or after 5 s of reading, in a company far larger than any measured). Only a null `nextCursor` ends the results",
        schema: clientPage(),
      },
      ...errorResponses(400, 401, 403, 422),
    };
  },
});

const marketingAudienceQuery = onFirstUse(() => z.strictObject(pageQuery()));

export const marketingAudience = defineRoute({
  ...browseRoute,
  operationId: "marketingAudience",
  description:
    "The active clients who opted in to marketing, with what a mass mailer needs and their consent record (when and how they opted in). The cost follows the audience's size, not the company's.",
  path: "/v1/clients/marketing-audience",
  summary: "Active clients opted in to marketing, with their consent record, in client number order",
  get query() {
    return marketingAudienceQuery();
  },
  get responses() {
    return {
      200: { description: "The audience", schema: pageOf(audienceMemberSchema(), "MarketingAudiencePage") },
      ...errorResponses(400, 401, 403, 422),
    };
  },
});

const duplicateMatchSchema = onFirstUse(() =>
  clientSummarySchema()
    .extend({
      matchedOn: z
        .array(z.enum(DUPLICATE_KINDS))
        .meta({ description: "Every criterion of the query this client matches: email, phone, name" }),
    })
    .meta({ id: "DuplicateMatch" }),
);

const findDuplicatesQuery = onFirstUse(() =>
  z
    .strictObject({
      email: optionalFilter(z.string().max(254)),
      phone: optionalFilter(z.string().max(40)),
      country: optionalFilter(z.string().regex(/^[A-Z]{2}$/, "Use an ISO 3166-1 alpha-2 code such as GB.")),
      firstName: optionalFilter(z.string().max(200)),
      lastName: optionalFilter(z.string().max(200)),
      ...pageQuery(),
    })
    .superRefine((query, context) => {
      if (!query.email && !query.phone && !query.firstName && !query.lastName) {
        context.addIssue({
          code: "custom",
          path: ["email"],
          message: "Give an email, a phone, or a first and last name.",
        });
      }
      if (Boolean(query.firstName) !== Boolean(query.lastName)) {
        const missing = query.firstName ? "lastName" : "firstName";
        context.addIssue({
          code: "custom",
          path: [missing],
          message: "A name match needs both firstName and lastName.",
        });
      }
    }),
);

export const findDuplicates = defineRoute({
  ...browseRoute,
  operationId: "findDuplicates",
  description:
    "Clients that are likely the same person as the one described: the same email address (without case), the same phone number (compared in E.164; a number without country code is read in `country`), or the same full name (case, accents and punctuation ignored; needs both names). Each client is listed once, email matches first. Only the first five phone numbers of a client are compared. The import's duplicate report uses the same rule.",
  path: "/v1/clients/duplicates",
  summary: "Clients with the same email, phone or full name",
  get query() {
    return findDuplicatesQuery();
  },
  get responses() {
    return {
      200: {
        description: "The matching clients, each once with what it matched on",
        schema: pageOf(duplicateMatchSchema(), "DuplicateMatchPage"),
      },
      ...errorResponses(400, 401, 403, 422),
    };
  },
});
