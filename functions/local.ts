import type { LocalFunctions } from "../lib/local/http-server";
import { pagesBuiltOnDemand } from "../lib/pages/build";
import { servePageFilesFrom } from "../lib/pages/serve";
import { handler as billing } from "./billing";
import { handler as browse } from "./browse";
import { handler as client } from "./client";
import { handler as clients } from "./clients";
import { handler as fallback } from "./fallback";
import { handler as imports } from "./imports";
import { handler as publicApi } from "./public";
import { handler as recovery } from "./recovery";
import { handler as settings } from "./settings";
import { handler as signup } from "./signup";
import { handler as staff } from "./staff";

// A Lambda bundle carries the hosted pages' built files (infra/functions.ts); here they are built in memory.
servePageFilesFrom(pagesBuiltOnDemand());

/** Every API Lambda handler by name, for the local server that stands in for API Gateway. */
export const localFunctions: LocalFunctions = {
  public: publicApi,
  settings,
  clients,
  browse,
  billing,
  client,
  signup,
  staff,
  recovery,
  imports,
  fallback,
};
