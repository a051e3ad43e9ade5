import { resetConfig } from "../../lib/config";
import { preloadJwks } from "../../lib/local/jwks";
import { closeEveryTestApi } from "./api";

beforeAll(async () => {
  resetConfig();
  await preloadJwks();
});

afterAll(closeEveryTestApi);
