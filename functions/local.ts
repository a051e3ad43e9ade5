import type { LocalFunctions } from "../lib/local/http-server";
import { handler as billing } from "./billing";
import { handler as browse } from "./browse";
import { handler as client } from "./client";
import { handler as clients } from "./clients";
import { handler as fallback } from "./fallback";
import { handler as publicApi } from "./public";
import { handler as settings } from "./settings";
import { handler as signup } from "./signup";

/** Every API Lambda handler by name, for the local server that stands in for API Gateway. */
export const localFunctions: LocalFunctions = {
  public: publicApi,
  settings,
  clients,
  browse,
  billing,
  client,
  signup,
  fallback,
};
