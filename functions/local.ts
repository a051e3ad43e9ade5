import type { LocalFunctions } from "../lib/local/http-server";
import { handler as client } from "./client";
import { handler as fallback } from "./fallback";
import { handler as publicApi } from "./public";
import { handler as signup } from "./signup";
import { handler as staff } from "./staff";

/** Every API Lambda handler by name, for the local server that stands in for API Gateway. */
export const localFunctions: LocalFunctions = { public: publicApi, staff, client, signup, fallback };
