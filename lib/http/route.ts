import type { z } from "zod";
import type { AuthContext, ClientAuth, StaffAuth } from "../access/caller";
import type { BusinessMetric } from "../observability/metrics";
import type { StoredResponse } from "../store/idempotency-repository";
import type { FirstReadPlan } from "../store/request-reads";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Who may call a route: nobody in particular, any staff member, staff with role admin, or a client. */
export type Access = "public" | "staff" | "admin" | "client";

/**
 * The Lambda function that serves a route; each bundles only its own routes:
 * public (health, sign-in, countries, docs), settings (company, groups, custom
 * fields, templates), clients (client records and their lifecycle), staff (the
 * staff team, each member's own profile and MFA), browse
 * (lists and search), billing (billing records, profile, widgets), client (a
 * client's own account), signup (the hosted pages and the signup API) and imports (CSV imports).
 */
export type LambdaName =
  | "public"
  | "settings"
  | "clients"
  | "browse"
  | "billing"
  | "client"
  | "signup"
  | "staff"
  | "recovery"
  | "imports";

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** `application/json` unless named; several when the request chooses the format. */
  contentType?: string | readonly string[];
  /** Response headers the consumer relies on, by name, with what they hold. */
  headers?: Readonly<Record<string, string>>;
}

/** Where a route answers: all a router needs to tell 404 from 405. */
export interface RoutePath {
  method: HttpMethod;
  /** API Gateway style template: `/v1/clients/{clientId}`. */
  path: string;
}

export interface RouteSpec extends RoutePath {
  operationId: string;
  access: Access;
  lambda: LambdaName;
  summary: string;
  /** What a consumer needs beyond the summary: rules, side effects, what the answers mean. */
  description: string;
  tag: string;
  /**
   * Staff may call it before they set up MFA when their company requires it (their own profile and the
   * enrolment); every other staff route answers them 403 `mfa-required`.
   */
  beforeMfa?: boolean;
  params?: z.ZodType;
  /** Without one the route takes no query parameters: any answers 422, as an unknown one does elsewhere. */
  query?: z.ZodType;
  body?: z.ZodType;
  /** A body taken as bytes instead of JSON (a CSV file): its media types and size limit. */
  rawBody?: RawBodySpec;
  /**
   * Accepts an `Idempotency-Key` header: the handler factory runs the route at
   * most once per key (lib/http/idempotency.ts), scoped by the operation id.
   */
  idempotency?: IdempotencySpec;
  responses: Record<number, ResponseSpec>;
  /** A business metric that counts this route's refused requests (4xx), by reason. */
  refusals?: Extract<BusinessMetric, "SignupsRefused">;
}

export interface RawBodySpec {
  /** Accepted media types (the `Content-Type` without parameters); any other answers 415. */
  mediaTypes: readonly string[];
  /** Larger bodies answer 413. API Gateway's HTTP API takes up to 10 MB, a Lambda invocation 6 MB. */
  maxBytes: number;
}

export interface IdempotencySpec {
  /** Reserves the id of what the route creates (`request.reservedId`): every retry with the key gets the same one. */
  reserveId: () => string;
  /** Top-level answer fields shown once and never kept for a replay, such as a generated password. */
  notKept?: readonly string[];
}

export function defineRoute<const S extends RouteSpec>(spec: S): S {
  return spec;
}

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;
type AuthFor<A extends Access> = A extends "public" ? undefined : A extends "client" ? ClientAuth : StaffAuth;

export interface ApiRequest<S extends RouteSpec = RouteSpec> {
  params: Infer<S["params"]>;
  query: Infer<S["query"]>;
  body: Infer<S["body"]>;
  /** The body's bytes, for a route with `rawBody` that was sent one; undefined when empty. */
  rawBody: S extends { rawBody: RawBodySpec } ? Buffer | undefined : undefined;
  auth: AuthFor<S["access"]>;
  headers: Readonly<Record<string, string>>;
  sourceIp: string;
  /** The request's own origin, e.g. `http://localhost:3000`, for links in responses. */
  origin: string;
  /** For a route with `idempotency`: the id reserved for what it creates, the same on every retry with the key. */
  reservedId: ReservedId<S>;
}

type ReservedId<S extends RouteSpec> = RouteSpec extends S
  ? string | undefined
  : S extends { idempotency: IdempotencySpec }
    ? string
    : undefined;

export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * What an idempotency record keeps to replay this answer, when that may not
   * be the answer itself: secrets shown once left out, encrypted values sealed.
   */
  stored?: StoredResponse;
}

export type RouteImplementation<S extends RouteSpec> = (request: ApiRequest<S>) => Promise<ApiResult>;

/** What a route with `idempotency` may say about its keys beyond the spec. */
export interface IdempotencyHooks<S extends RouteSpec = RouteSpec> {
  /**
   * The company whose keys the request uses: the caller's by default. A public
   * route resolves (and checks) it here, before a replay could answer.
   */
  companyOf?: (request: ApiRequest<S>) => Promise<string>;
  /** What makes two requests the same (hashed, never kept): `{ params, body }` by default. */
  fingerprint?: (request: ApiRequest<S>, companyId: string) => unknown;
  /** Rebuilds a replay from what the record kept (`ApiResult.stored`), e.g. decrypting its sealed values. */
  replay?: (stored: StoredResponse, request: ApiRequest<S>) => Promise<ApiResult>;
}

/**
 * What a route reads first, under the company the caller's token names, from the request's path and query
 * parameters (parsed by the route's schemas): items by key (the caller lookup asks for them in its own batch)
 * and the first page of queries (started beside that batch). Both are kept for the request, so the route's
 * first reads are already answered; the route takes one only where its own key or query input, built from the
 * verified caller's company, is the same (lib/store/request-reads.ts).
 */
export type FirstReads<S extends RouteSpec = RouteSpec> = (
  companyId: string,
  request: Pick<ApiRequest<S>, "params" | "query">,
) => FirstReadPlan;

export interface BoundRoute {
  spec: RouteSpec;
  run: (request: ApiRequest) => Promise<ApiResult>;
  idempotency?: IdempotencyHooks;
  readsFirst?: FirstReads;
}

export function bind<S extends RouteSpec>(
  spec: S,
  run: RouteImplementation<S>,
  idempotency?: IdempotencyHooks<S>,
): BoundRoute {
  return {
    spec,
    run: run as unknown as BoundRoute["run"],
    ...(idempotency ? { idempotency: idempotency as unknown as IdempotencyHooks } : {}),
  };
}

/** A read-only route whose first reads travel with the caller lookup's (see `FirstReadPlan`). */
export function withFirstReads<S extends RouteSpec>(
  spec: S,
  run: RouteImplementation<S>,
  readsFirst: FirstReads<S>,
): BoundRoute {
  if (spec.method !== "GET") throw new Error(`${spec.operationId}: only a GET reads ahead of its caller`);
  return { ...bind(spec, run), readsFirst: readsFirst as unknown as FirstReads };
}

export type { AuthContext, FirstReadPlan };
