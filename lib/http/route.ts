import type { z } from "zod";
import type { AuthContext, ClientAuth, StaffAuth } from "../access/caller";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Who may call a route: nobody in particular, any staff member, staff with role admin, or a client. */
export type Access = "public" | "staff" | "admin" | "client";

/**
 * The Lambda function that serves a route; each bundles only its own routes:
 * public (health, sign-in, countries, docs), settings (company, groups, custom
 * fields, templates), clients (client records and their lifecycle), browse
 * (lists and search), billing (billing records, profile, widgets), client (a
 * client's own account) and signup (the hosted pages and the signup API).
 */
export type LambdaName = "public" | "settings" | "clients" | "browse" | "billing" | "client" | "signup";

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

export interface RouteSpec {
  operationId: string;
  method: HttpMethod;
  /** API Gateway style template: `/v1/clients/{clientId}`. */
  path: string;
  access: Access;
  lambda: LambdaName;
  summary: string;
  tag: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Accepts an `Idempotency-Key` header. */
  idempotent?: boolean;
  responses: Record<number, ResponseSpec>;
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
  auth: AuthFor<S["access"]>;
  headers: Readonly<Record<string, string>>;
  sourceIp: string;
  requestId: string;
  /** The request's own origin, e.g. `http://localhost:3000`, for links in responses. */
  origin: string;
}

export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteImplementation<S extends RouteSpec> = (request: ApiRequest<S>) => Promise<ApiResult>;

export interface BoundRoute {
  spec: RouteSpec;
  run: (request: ApiRequest) => Promise<ApiResult>;
}

export function bind<S extends RouteSpec>(spec: S, run: RouteImplementation<S>): BoundRoute {
  return { spec, run: run as unknown as BoundRoute["run"] };
}

export type { AuthContext };
