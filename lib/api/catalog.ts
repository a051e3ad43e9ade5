import type { RouteSpec } from "../http/route";
import * as billing from "./routes/billing";
import * as browse from "./routes/browse";
import * as clientData from "./routes/client-data";
import * as clientPages from "./routes/client-pages";
import * as clients from "./routes/clients";
import * as company from "./routes/company";
import * as groups from "./routes/groups";
import * as imports from "./routes/imports";
import * as me from "./routes/me";
import * as publicRoutes from "./routes/public";
import * as recovery from "./routes/recovery";
import * as signup from "./routes/signup";
import * as staff from "./routes/staff";
import * as webhooks from "./routes/webhooks";

/**
 * Every route of the API: the CDK stack maps each to its Lambda function, the
 * local server dispatches by it, and the OpenAPI document is generated from it.
 */
export const ROUTES: readonly RouteSpec[] = [
  ...Object.values(publicRoutes),
  ...Object.values(recovery),
  ...Object.values(company),
  ...Object.values(groups),
  ...Object.values(clients),
  ...Object.values(browse),
  ...Object.values(clientData),
  ...Object.values(me),
  ...Object.values(billing),
  ...Object.values(signup),
  ...Object.values(clientPages),
  ...Object.values(staff),
  ...Object.values(imports),
  ...Object.values(webhooks),
];
