import { resetConfig } from "../../lib/config";
import { preloadJwks } from "../../lib/local/jwks";

beforeAll(async () => {
  resetConfig();
  await preloadJwks();
});
