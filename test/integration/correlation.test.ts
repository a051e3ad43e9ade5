import { TestApi } from "../helpers/api";
import { clientBody, createTestCompany, type TestCompany } from "../helpers/companies";
import { emailsTo, eventually, startMailerFor } from "../helpers/mail";
import { logsOfThisWorker } from "../helpers/watched-secrets";

let api: TestApi;
let co: TestCompany;

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Correlation");
});
afterAll(() => api.close());

/** The JSON log lines this worker wrote after `mark` (a length of the log). */
const logLinesSince = (mark: number): Record<string, unknown>[] =>
  logsOfThisWorker()
    .slice(mark)
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("one request id finds what a request set off", () => {
  it("the mailer's line for a created client's registration email carries the request id of the POST", async () => {
    const mailer = await startMailerFor(co.companyId);
    try {
      const mark = logsOfThisWorker().length;
      const body = clientBody({ sendRegistrationEmail: true });
      const res = await api.request("POST", "/v1/clients", { token: co.staff, body });
      expect(res.status).toBe(201);
      const requestId = res.headers.get("x-request-id");
      expect(requestId).toMatch(/\S/);
      await eventually(
        () => emailsTo(body.email as string),
        (emails) => emails.length > 0,
      );
      const sent = await eventually(
        async () => logLinesSince(mark).filter((line) => line.message === "email sent"),
        (lines) => lines.length > 0,
      );
      expect(sent).toEqual([
        expect.objectContaining({
          requestId,
          messageId: expect.stringMatching(/^msg_/),
          template: "account-registration",
        }),
      ]);
      // The API function's own line for the POST carries the id too.
      expect(logLinesSince(mark)).toContainEqual(
        expect.objectContaining({ message: "request", operation: "createClient", status: 201, requestId }),
      );
    } finally {
      await mailer.stop();
    }
  });

  it("so does the line for a signup's registration email", async () => {
    const mailer = await startMailerFor(co.companyId);
    try {
      const mark = logsOfThisWorker().length;
      const { password: _, ...body } = clientBody();
      const res = await api.request("POST", `/v1/signup?company=${co.companyId}`, {
        body: { ...body, generatePassword: true },
      });
      expect(res.status).toBe(201);
      const requestId = res.headers.get("x-request-id");
      const sent = await eventually(
        async () => logLinesSince(mark).filter((line) => line.message === "email sent"),
        (lines) => lines.length > 0,
      );
      expect(sent).toEqual([expect.objectContaining({ requestId, template: "account-registration" })]);
    } finally {
      await mailer.stop();
    }
  });
});
