import { resetConfig } from "../../lib/config";
import { logger } from "../../lib/http/logger";
import { preloadJwks } from "../../lib/local/jwks";
import { closeEveryTestApi } from "./api";
import { captureLogs } from "./watched-secrets";

captureLogs(logger);

beforeAll(async () => {
  resetConfig();
  await preloadJwks();
});

afterAll(closeEveryTestApi);
