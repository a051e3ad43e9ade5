import { z } from "zod";
import { clientCreateSchema, clientPatchSchema, clientSchema } from "../../domain/client";
import { defineRoute } from "../../http/route";
import { errorResponses, idParam } from "../common";

const clientParams = z.object({ clientId: idParam });
const clientsRoute = { lambda: "clients", tag: "Clients", access: "staff" } as const;

export const createClient = defineRoute({
  ...clientsRoute,
  operationId: "createClient",
  method: "POST",
  path: "/v1/clients",
  summary: "Create a client and its sign-in account",
  body: clientCreateSchema,
  idempotent: true,
  responses: {
    201: { description: "The client; `generatedPassword` only when one was generated", schema: clientSchema },
    ...errorResponses(400, 401, 403, 409, 413, 415, 422),
  },
});

export const getClient = defineRoute({
  ...clientsRoute,
  operationId: "getClient",
  method: "GET",
  path: "/v1/clients/{clientId}",
  summary: "One client",
  params: clientParams,
  responses: { 200: { description: "The client", schema: clientSchema }, ...errorResponses(401, 403, 404) },
});

export const patchClient = defineRoute({
  ...clientsRoute,
  operationId: "patchClient",
  method: "PATCH",
  path: "/v1/clients/{clientId}",
  summary: "Change some of a client's fields (not password, not status)",
  params: clientParams,
  body: clientPatchSchema,
  responses: {
    200: { description: "The client", schema: clientSchema },
    ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 422),
  },
});
