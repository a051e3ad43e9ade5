import { createApiHandler } from "../lib/http/api-handler";

export const handler = createApiHandler([]);
