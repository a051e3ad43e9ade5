import { resetConfig } from "../../lib/config";
import { preloadJwks } from "../../lib/local/jwks";
import { logger } from "../../lib/observability/logger";
import { metrics } from "../../lib/observability/metrics";
import { closeEveryTestApi } from "./api";
import { markFileStart } from "./file-start";
import { captureLogs } from "./watched-secrets";

captureLogs(logger);
captureLogs(metrics);

beforeAll(async () => {
  resetConfig();
  await Promise.all([preloadJwks(), markFileStart()]);
});

afterAll(closeEveryTestApi);
