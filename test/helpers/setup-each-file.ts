import { resetConfig } from "../../lib/config";
import { preloadJwks } from "../../lib/local/jwks";
import { logger } from "../../lib/observability/logger";
import { closeEveryTestApi } from "./api";
import { captureLogs } from "./watched-secrets";

captureLogs(logger);

beforeAll(async () => {
  resetConfig();
  await preloadJwks();
});

afterAll(closeEveryTestApi);
