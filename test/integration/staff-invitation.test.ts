import { randomBytes } from "node:crypto";
import { config } from "../../lib/config";
import { TOKEN_LIFETIME_SECONDS } from "../../lib/tokens/one-time-tokens";
import { TestApi } from "../helpers/api";
import { advanceClock, restoreClock } from "../helpers/clock";
import { createTestCompany, type TestCompany } from "../helpers/companies";
import { emailedLink, emailedToken } from "../helpers/links";
import { emailsTo, startMailerFor } from "../helpers/mail";
import { scanTable, tableDump } from "../helpers/table";

let api: TestApi;
let co: TestCompany;
let mailer: { stop(): Promise<void> };

beforeAll(async () => {
  api = await TestApi.start();
  co = await createTestCompany(api, "Invitations");
  mailer = await startMailerFor(co.companyId);
});
afterAll(async () => {
  await mailer.stop();
  await api.close();
});
afterEach(restoreClock);

const unique = () => randomBytes(4).toString("hex");
const newPassword = () => `First-Passw0rd-${unique()}`;
const PAGE = "staff/accept-invitation";

async function invite(overrides: Record<string, unknown> = {}) {
  const id = unique();
  const email = `invitee-${id}@test.localhost`;
  const res = await api.request("POST", "/v1/staff", {
    token: co.admin,
    body: { email, name: `Grace Invitee${id}`, role: "staff", ...overrides },
  });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, username: res.body.username as string, email };
}

const accept = (token: string, password: string) =>
  api.request("POST", "/v1/auth/staff/reset-password", { body: { token, newPassword: password } });

function expectInvalidToken(res: { status: number; body: { type?: string } }) {
  expect(res.status).toBe(400);
  expect(res.body.type).toMatch(/\/invalid-token$/);
}

describe("staff invitation email", () => {
  it("mails the invited member a link that sets their first password once, and they can sign in", async () => {
    const member = await invite();
    const link = await emailedLink(member.email, PAGE);
    expect(link.startsWith(new URL(PAGE, config().signInUrl).toString())).toBe(true);
    const [email] = await emailsTo(member.email);
    expect(email!.subject).toContain("Invitations");
    expect(email!.body.text).toContain(member.username);
    expect(email!.body.text).toContain("Hello Grace");
    expect(email!.body.html).toContain(`href="${link.replaceAll("&", "&amp;")}"`);

    const token = new URL(link).searchParams.get("token")!;
    expect(new URL(link).searchParams.get("company")).toBe(co.companyId);
    // The table holds the token only as a hash, and the sent email no longer even sealed.
    expect(await tableDump()).not.toContain(token);
    const outbox = (await scanTable()).filter((item) => item.itemType === "outbox" && item.staffId === member.id);
    expect(outbox).toEqual([expect.objectContaining({ templateId: "staff-invitation", status: "sent" })]);
    expect(outbox[0]).not.toHaveProperty("sealedToken");

    const weak = await accept(token, "short");
    expect(weak.status).toBe(422);
    const password = newPassword();
    expect((await accept(token, password)).status).toBe(204);
    const me = await api.request("GET", "/v1/staff/me", { token: await api.login("staff", member.username, password) });
    expect(me.body).toMatchObject({ id: member.id, status: "active" });

    expectInvalidToken(await accept(token, newPassword()));
    const history = await api.request("GET", `/v1/staff/${member.id}/history`, { token: co.admin });
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(["activated", "invited"]);
  });

  it("keeps the sealed token in the outbox item only until the email is sent", async () => {
    await mailer.stop();
    try {
      const member = await invite();
      const queued = (await scanTable()).filter((item) => item.itemType === "outbox" && item.staffId === member.id);
      expect(queued).toEqual([
        expect.objectContaining({ templateId: "staff-invitation", status: "pending", sealedToken: expect.any(String) }),
      ]);
    } finally {
      mailer = await startMailerFor(co.companyId);
    }
  });

  it("refuses an invitation link after 72 hours", async () => {
    const member = await invite();
    const token = await emailedToken(member.email, PAGE);
    advanceClock(TOKEN_LIFETIME_SECONDS["staff-invitation"] * 1000 + 1000);
    expectInvalidToken(await accept(token, newPassword()));
    restoreClock();
    const still = await api.request("GET", `/v1/staff/${member.id}`, { token: co.admin });
    expect(still.body.status).toBe("invited");
  });

  it("sends a new link on resend, and the earlier one stops working", async () => {
    const member = await invite();
    const first = await emailedToken(member.email, PAGE);
    const resent = await api.request("POST", `/v1/staff/${member.id}/invitation`, { token: co.admin });
    expect(resent.status).toBe(202);
    const second = await emailedToken(member.email, PAGE, 1);
    expect(second).not.toBe(first);
    expectInvalidToken(await accept(first, newPassword()));
    expect((await accept(second, newPassword())).status).toBe(204);
    const again = await api.request("POST", `/v1/staff/${member.id}/invitation`, { token: co.admin });
    expect(again.status).toBe(409);
  });

  it("works as a staff link only, never as a client reset link", async () => {
    const member = await invite();
    const token = await emailedToken(member.email, PAGE);
    expectInvalidToken(
      await api.request("POST", "/v1/auth/clients/reset-password", { body: { token, newPassword: newPassword() } }),
    );
    expect((await accept(token, newPassword())).status).toBe(204);
  });

  it("uses the company's own staff-invitation template, edited through the template routes", async () => {
    const stored = await api.request("GET", "/v1/email-templates/staff-invitation/en", { token: co.staff });
    expect(stored.status).toBe(200);
    expect(stored.body.text).toContain("{{acceptInvitationUrl}}");
    const put = await api.request("PUT", "/v1/email-templates/staff-invitation/en", {
      token: co.admin,
      body: {
        subject: "Join {{company.name}}, {{client.firstName}}",
        text: "Your link: {{acceptInvitationUrl}}",
        html: '<a href="{{acceptInvitationUrl}}">join</a>',
      },
    });
    expect(put.status).toBe(200);
    const badPlaceholder = await api.request("PUT", "/v1/email-templates/staff-invitation/en", {
      token: co.admin,
      body: { subject: "x", text: "{{staff.password}}", html: "x" },
    });
    expect(badPlaceholder.status).toBe(422);
    try {
      const member = await invite({ name: "Linus" });
      await emailedToken(member.email, PAGE);
      const [email] = await emailsTo(member.email);
      expect(email!.subject).toMatch(/^Join Invitations [0-9a-f]{8}, Linus$/);
      expect(email!.body.text).toMatch(/^Your link: http\S+\/staff\/accept-invitation\?company=/);
    } finally {
      const { subject, text, html } = stored.body;
      await api.request("PUT", "/v1/email-templates/staff-invitation/en", {
        token: co.admin,
        body: { subject, text, html },
      });
    }
  });
});
