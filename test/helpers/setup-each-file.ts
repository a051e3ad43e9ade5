import { resetConfig } from "../../lib/config";
import { logger } from "../../lib/observability/logger";
import { metrics } from "../../lib/observability/metrics";
import { closeEveryTestApi } from "./api";
import { markFileStart } from "./file-start";
import { captureLogs } from "./watched-secrets";

captureLogs(logger);
captureLogs(metrics);

beforeAll(async () => {
  resetConfig();
  await markFileStart();
});

afterAll(closeEveryTestApi);
