import { closeEveryTestApi, TestApi } from "../helpers/api";

describe("the API servers a test file starts", () => {
  it("are all closed after the file, also one never assigned and one still starting", async () => {
    const started = await TestApi.start();
    const starting = TestApi.start();
    await closeEveryTestApi();
    for (const api of [started, await starting]) {
      await expect(fetch(`${api.baseUrl}/v1/health`)).rejects.toThrow("fetch failed");
    }
  });
});
