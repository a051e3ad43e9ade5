import { randomBytes } from "node:crypto";
import { InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { Secret, TOTP } from "otpauth";
import { config } from "../../lib/config";
import { cognito } from "../../lib/identity/cognito-client";
import { staffUserSub } from "../../lib/identity/staff-users";
import { findIdentity } from "../../lib/store/identity-repository";
import { TestApi } from "../helpers/api";
import { advanceClock, nextSecond, restoreClock } from "../helpers/clock";
import { createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { watchSecret } from "../helpers/watched-secrets";

let api: TestApi;
let co: TestCompany;
let other: TestCompany;

beforeAll(async () => {
  api = await TestApi.start();
  [co, other] = await Promise.all([createTestCompany(api, "Team"), createTestCompany(api, "Other team")]);
});
afterAll(() => api.close());
afterEach(() => restoreClock());

const unique = () => randomBytes(4).toString("hex");

async function invite(token: string, overrides: Record<string, unknown> = {}) {
  const id = unique();
  return api.request("POST", "/v1/staff", {
    token,
    body: { email: `member-${id}@test.localhost`, name: `Member ${id}`, role: "staff", ...overrides },
  });
}

/** An active member made through the same path as the bootstrap (invite with a password), signed in. */
async function activeMember(company: TestCompany, role: "admin" | "staff") {
  const { addStaffMember } = await import("../../lib/staff/staff-members");
  const username = `m-${unique()}`;
  const member = await addStaffMember({
    companyId: company.companyId,
    username,
    email: `${username}@test.localhost`,
    password: TEST_PASSWORD,
    role,
  });
  return { id: member.id, username, token: await api.login("staff", username, TEST_PASSWORD) };
}

const staffIdOf = async (company: TestCompany, username: string) =>
  (await api.request("GET", "/v1/staff?limit=100", { token: company.admin })).body.items.find(
    (m: { username: string }) => m.username === username,
  ).id as string;

const codeFor = (secret: string, at = Date.now()) =>
  new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: at });

describe("staff team", () => {
  it("lists the company's staff and only them, paged", async () => {
    const page = await api.request("GET", "/v1/staff?limit=1", { token: co.admin });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const all = await api.request("GET", "/v1/staff?limit=100", { token: co.admin });
    const usernames = all.body.items.map((m: { username: string }) => m.username);
    expect(usernames).toEqual(expect.arrayContaining([co.adminUsername, co.staffUsername]));
    expect(usernames).not.toContain(other.adminUsername);
    expect(Object.keys(all.body.items[0]).sort()).toEqual(
      ["createdAt", "email", "id", "mfaEnabled", "name", "role", "status", "updatedAt", "username", "version"].sort(),
    );
    expect((await api.request("GET", "/v1/staff?limit=0", { token: co.admin })).status).toBe(422);
    expect((await api.request("GET", "/v1/staff?cursor=forged", { token: co.admin })).status).toBe(400);
    expect((await api.request("GET", "/v1/staff", { token: co.staff })).status).toBe(403);
  });

  it("invites a member: 201 invited, the email is the username, a taken username is 409, bad input 422", async () => {
    const res = await invite(co.admin, { role: "admin" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: "invited", role: "admin", mfaEnabled: false, version: 1 });
    expect(res.body.username).toBe(res.body.email);
    expect(res.headers.get("etag")).toBe('"1"');
    // Nobody can sign in to an invited account: it has no password anyone knows.
    const login = await api.request("POST", "/v1/auth/staff/login", {
      body: { username: res.body.username, password: TEST_PASSWORD },
    });
    expect(login.status).toBe(401);
    const taken = await invite(co.admin, { username: co.staffUsername });
    expect(taken.status).toBe(409);
    expect(taken.body.type).toMatch(/username-taken$/);
    const bad = await api.request("POST", "/v1/staff", {
      token: co.admin,
      body: { email: "nope", name: "", role: "owner", extra: 1 },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      expect.arrayContaining(["email", "name", "role"]),
    );
    const history = await api.request("GET", `/v1/staff/${res.body.id}/history`, { token: co.admin });
    expect(history.status).toBe(200);
    expect(history.body.items[0]).toMatchObject({ type: "invited", to: "admin", actor: { type: "staff" } });
  });

  it("reads, renames, changes the role with If-Match (412 when stale), and records who did it", async () => {
    const m = await activeMember(co, "staff");
    const read = await api.request("GET", `/v1/staff/${m.id}`, { token: co.admin });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: m.id, username: m.username, status: "active", role: "staff" });
    const stale = await api.request("PATCH", `/v1/staff/${m.id}`, {
      token: co.admin,
      body: { role: "admin" },
      headers: { "if-match": '"99"' },
    });
    expect(stale.status).toBe(412);
    const changed = await api.request("PATCH", `/v1/staff/${m.id}`, {
      token: co.admin,
      body: { name: "Renamed", role: "admin" },
      headers: { "if-match": read.headers.get("etag")! },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: "Renamed", role: "admin", version: read.body.version + 1 });
    // The promoted member's existing token reaches admin routes at once (this instance forgot its cache).
    expect((await api.request("GET", "/v1/staff", { token: m.token })).status).toBe(200);
    const history = await api.request("GET", `/v1/staff/${m.id}/history`, { token: co.admin });
    const types = history.body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(["role-changed", "profile-changed", "invited"]));
    const roleChange = history.body.items.find((e: { type: string }) => e.type === "role-changed");
    expect(roleChange).toMatchObject({ from: "staff", to: "admin", actor: { username: co.adminUsername } });
    expect(
      (await api.request("PATCH", `/v1/staff/${m.id}`, { token: co.admin, body: { status: "invited" } })).status,
    ).toBe(422);
  });

  it("answers 404 for another company's staff ids and unknown ids, on every member route", async () => {
    const theirs = await staffIdOf(other, other.staffUsername);
    for (const [method, path, body] of [
      ["GET", `/v1/staff/${theirs}`],
      ["PATCH", `/v1/staff/${theirs}`, { name: "Hijacked" }],
      ["DELETE", `/v1/staff/${theirs}`],
      ["POST", `/v1/staff/${theirs}/invitation`],
      ["GET", `/v1/staff/${theirs}/history`],
      ["GET", "/v1/staff/stf_doesnotexist"],
    ] as const) {
      const res = await api.request(method, path, { token: co.admin, body });
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    expect((await api.request("GET", "/v1/staff/me", { token: other.staff })).status).toBe(200);
  });

  it("disabling reaches the member's existing tokens and ends their sessions; enabling needs a new sign-in", async () => {
    const m = await activeMember(co, "staff");
    const session = await api.request("POST", "/v1/auth/staff/login", {
      body: { username: m.username, password: TEST_PASSWORD },
    });
    expect((await api.request("GET", "/v1/clients", { token: m.token })).status).toBe(200);
    await nextSecond(); // a cut-off spares sign-ins of its own second (tokens carry whole seconds)
    const disabled = await api.request("PATCH", `/v1/staff/${m.id}`, { token: co.admin, body: { status: "disabled" } });
    expect(disabled.status).toBe(200);
    expect(disabled.body.status).toBe("disabled");
    advanceClock(10_000); // past any other instance's 5 s cache
    expect((await api.request("GET", "/v1/clients", { token: m.token })).status).toBe(403);
    expect((await api.request("GET", "/v1/staff/me", { token: m.token })).status).toBe(403);
    const refresh = await api.request("POST", "/v1/auth/refresh", {
      body: { audience: "staff", refreshToken: session.body.refreshToken },
    });
    expect(refresh.status).toBe(401);
    const login = await api.request("POST", "/v1/auth/staff/login", {
      body: { username: m.username, password: TEST_PASSWORD },
    });
    expect(login.status).toBe(401);

    const enabled = await api.request("PATCH", `/v1/staff/${m.id}`, { token: co.admin, body: { status: "active" } });
    expect(enabled.status).toBe(200);
    advanceClock(12_000);
    // The sessions disabling ended stay ended; a new sign-in works.
    const again = await api.request("POST", "/v1/auth/refresh", {
      body: { audience: "staff", refreshToken: session.body.refreshToken },
    });
    expect(again.status).toBe(401);
    const fresh = await api.login("staff", m.username, TEST_PASSWORD);
    expect((await api.request("GET", "/v1/clients", { token: fresh })).status).toBe(200);
    const types = (await api.request("GET", `/v1/staff/${m.id}/history`, { token: co.admin })).body.items.map(
      (e: { type: string }) => e.type,
    );
    expect(types.slice(0, 2)).toEqual(["enabled", "disabled"]);
  });

  it("a member's own profile and password", async () => {
    const m = await activeMember(co, "staff");
    const me = await api.request("GET", "/v1/staff/me", { token: m.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: m.id, username: m.username });
    const renamed = await api.request("PATCH", "/v1/staff/me", {
      token: m.token,
      body: { name: "Grace Hopper", email: `grace-${unique()}@test.localhost` },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe("Grace Hopper");
    expect((await api.request("PATCH", "/v1/staff/me", { token: m.token, body: { role: "admin" } })).status).toBe(422);
    expect(
      (
        await api.request("PATCH", "/v1/staff/me", {
          token: m.token,
          body: { name: "X" },
          headers: { "if-match": '"1"' },
        })
      ).status,
    ).toBe(412);

    await nextSecond(); // a cut-off spares sign-ins of its own second (tokens carry whole seconds)
    const wrong = await api.request("POST", "/v1/staff/me/password", {
      token: m.token,
      body: { currentPassword: "Not-The-Passw0rd", newPassword: "Brand-New-Passw0rd" },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].path).toBe("currentPassword");
    const weak = await api.request("POST", "/v1/staff/me/password", {
      token: m.token,
      body: { currentPassword: TEST_PASSWORD, newPassword: "short" },
    });
    expect(weak.status).toBe(422);
    const changed = await api.request("POST", "/v1/staff/me/password", {
      token: m.token,
      body: { currentPassword: TEST_PASSWORD, newPassword: "Brand-New-Passw0rd" },
    });
    expect(changed.status).toBe(204);
    expect((await api.request("GET", "/v1/staff/me", { token: m.token })).status).toBe(401);
    expect(
      (await api.request("POST", "/v1/auth/staff/login", { body: { username: m.username, password: TEST_PASSWORD } }))
        .status,
    ).toBe(401);
    await api.login("staff", m.username, "Brand-New-Passw0rd");
  });

  it("resends an invitation only while invited (202, else 409)", async () => {
    const invited = await invite(co.admin);
    expect((await api.request("POST", `/v1/staff/${invited.body.id}/invitation`, { token: co.admin })).status).toBe(
      202,
    );
    const m = await activeMember(co, "staff");
    const res = await api.request("POST", `/v1/staff/${m.id}/invitation`, { token: co.admin });
    expect(res.status).toBe(409);
    expect(res.body.type).toMatch(/not-invited$/);
    const status = await api.request("PATCH", `/v1/staff/${invited.body.id}`, {
      token: co.admin,
      body: { status: "disabled" },
    });
    expect(status.status).toBe(409);
  });

  it("deletes a member: the account, the link and the tokens go, the history stays, a retry is 404", async () => {
    const m = await activeMember(co, "staff");
    const sub = await staffUserSub(m.username);
    expect(
      (await api.request("DELETE", `/v1/staff/${m.id}`, { token: co.admin, headers: { "if-match": '"9"' } })).status,
    ).toBe(412);
    expect((await api.request("DELETE", `/v1/staff/${m.id}`, { token: co.admin })).status).toBe(204);
    expect(await staffUserSub(m.username)).toBeUndefined();
    expect(await findIdentity(config().staffPool.userPoolId, sub!)).toBeNull();
    advanceClock(10_000);
    expect((await api.request("GET", "/v1/staff/me", { token: m.token })).status).toBe(403);
    expect((await api.request("GET", `/v1/staff/${m.id}`, { token: co.admin })).status).toBe(404);
    expect((await api.request("DELETE", `/v1/staff/${m.id}`, { token: co.admin })).status).toBe(404);
    const history = await api.request("GET", `/v1/staff/${m.id}/history`, { token: co.admin });
    expect(history.body.items[0]).toMatchObject({ type: "deleted", actor: { username: co.adminUsername } });
  });
});

describe("the last active admin", () => {
  it("cannot be demoted, disabled or deleted (409 last-admin); with a second admin they can", async () => {
    const solo = await createTestCompany(api, "Solo");
    const adminId = await staffIdOf(solo, solo.adminUsername);
    for (const [method, body] of [
      ["PATCH", { role: "staff" }],
      ["PATCH", { status: "disabled" }],
      ["DELETE", undefined],
    ] as const) {
      const res = await api.request(method, `/v1/staff/${adminId}`, { token: solo.admin, body });
      expect(res.status).toBe(409);
      expect(res.body.type).toMatch(/last-admin$/);
    }
    // An invited or disabled admin is no active admin.
    await invite(solo.admin, { role: "admin" });
    expect(
      (await api.request("PATCH", `/v1/staff/${adminId}`, { token: solo.admin, body: { role: "staff" } })).status,
    ).toBe(409);
    const second = await activeMember(solo, "admin");
    const demoted = await api.request("PATCH", `/v1/staff/${adminId}`, {
      token: second.token,
      body: { role: "staff" },
    });
    expect(demoted.status).toBe(200);
    const self = await api.request("PATCH", `/v1/staff/${second.id}`, { token: second.token, body: { role: "staff" } });
    expect(self.status).toBe(409);
  });

  it("two admins demoting each other at once leave one admin", async () => {
    const pair = await createTestCompany(api, "Pair");
    const a = await activeMember(pair, "admin");
    const firstId = await staffIdOf(pair, pair.adminUsername);
    const results = await Promise.all([
      api.request("PATCH", `/v1/staff/${a.id}`, { token: pair.admin, body: { role: "staff" } }),
      api.request("PATCH", `/v1/staff/${firstId}`, { token: a.token, body: { status: "disabled" } }),
    ]);
    // The loser gets 409 last-admin, or 403 when the winner's change reached its token first.
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const members = await (async () => {
      const { listStaffMembers } = await import("../../lib/store/staff-repository");
      return listStaffMembers(pair.companyId);
    })();
    expect(members.filter((m) => m.role === "admin" && m.status === "active")).toHaveLength(1);
  });
});

describe("staff MFA (TOTP)", () => {
  async function enrol(token: string) {
    const start = await api.request("POST", "/v1/staff/me/mfa", { token });
    expect(start.status).toBe(200);
    watchSecret(start.body.secret);
    expect(start.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(start.body.otpauthUri).toContain(`secret=${start.body.secret}`);
    return start.body.secret as string;
  }

  async function loginChallenge(username: string, password = TEST_PASSWORD) {
    const res = await api.request("POST", "/v1/auth/staff/login", { body: { username, password } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ challenge: "totp", session: expect.any(String) });
    watchSecret(res.body.session);
    return res.body.session as string;
  }

  it("enrols, signs in with a code (each code once), refreshes, and turns MFA off", async () => {
    const m = await activeMember(co, "staff");
    const secret = await enrol(m.token);
    const wrong = await api.request("POST", "/v1/staff/me/mfa/verify", { token: m.token, body: { code: "000000" } });
    expect([wrong.status, wrong.body.errors?.[0]?.path]).toEqual([422, "code"]);
    expect(
      (await api.request("POST", "/v1/staff/me/mfa/verify", { token: m.token, body: { code: "12" } })).status,
    ).toBe(422);
    const on = await api.request("POST", "/v1/staff/me/mfa/verify", {
      token: m.token,
      body: { code: codeFor(secret) },
    });
    expect(on.status).toBe(204);
    // The sign-in that proved the code keeps working.
    expect((await api.request("GET", "/v1/staff/me", { token: m.token })).body.mfaEnabled).toBe(true);
    expect((await api.request("POST", "/v1/staff/me/mfa", { token: m.token })).status).toBe(409);

    // The code that turned MFA on is spent: the next sign-in needs the next step's code.
    const session = await loginChallenge(m.username);
    const replay = await api.request("POST", "/v1/auth/staff/mfa", { body: { session, code: codeFor(secret) } });
    expect(replay.status).toBe(401);
    advanceClock(30_000);
    const tokens = await api.request("POST", "/v1/auth/staff/mfa", { body: { session, code: codeFor(secret) } });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toEqual(
      expect.objectContaining({ idToken: expect.any(String), refreshToken: expect.any(String) }),
    );
    expect((await api.request("GET", "/v1/clients", { token: tokens.body.idToken })).status).toBe(200);
    // The session is single use.
    advanceClock(30_000);
    expect((await api.request("POST", "/v1/auth/staff/mfa", { body: { session, code: codeFor(secret) } })).status).toBe(
      401,
    );
    const refreshed = await api.request("POST", "/v1/auth/refresh", {
      body: { audience: "staff", refreshToken: tokens.body.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    expect((await api.request("GET", "/v1/clients", { token: refreshed.body.idToken })).status).toBe(200);

    expect(
      (await api.request("DELETE", "/v1/staff/me/mfa", { token: tokens.body.idToken, body: { code: "000000" } }))
        .status,
    ).toBe(422);
    advanceClock(30_000);
    const off = await api.request("DELETE", "/v1/staff/me/mfa", {
      token: tokens.body.idToken,
      body: { code: codeFor(secret) },
    });
    expect(off.status).toBe(204);
    expect(
      (await api.request("DELETE", "/v1/staff/me/mfa", { token: tokens.body.idToken, body: { code: "123456" } }))
        .status,
    ).toBe(409);
    const plain = await api.request("POST", "/v1/auth/staff/login", {
      body: { username: m.username, password: TEST_PASSWORD },
    });
    expect(plain.body.idToken).toEqual(expect.any(String));
    const types = (await api.request("GET", `/v1/staff/${m.id}/history`, { token: co.admin })).body.items.map(
      (e: { type: string }) => e.type,
    );
    expect(types).toEqual(expect.arrayContaining(["mfa-enabled", "mfa-disabled"]));
  });

  it("five wrong codes end the challenge; a password-only sign-in straight against Cognito is refused", async () => {
    const m = await activeMember(co, "staff");
    const secret = await enrol(m.token);
    expect(
      (await api.request("POST", "/v1/staff/me/mfa/verify", { token: m.token, body: { code: codeFor(secret) } }))
        .status,
    ).toBe(204);
    advanceClock(30_000);
    const session = await loginChallenge(m.username);
    for (let i = 0; i < 5; i++) {
      const res = await api.request("POST", "/v1/auth/staff/mfa", { body: { session, code: "000000" } });
      expect(res.status).toBe(401);
    }
    const after = await api.request("POST", "/v1/auth/staff/mfa", { body: { session, code: codeFor(secret) } });
    expect(after.status).toBe(401);
    // Five wrong codes in a row also lock the member's checks for a while, whatever the session.
    const next = await loginChallenge(m.username);
    const locked = await api.request("POST", "/v1/auth/staff/mfa", { body: { session: next, code: codeFor(secret) } });
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toEqual(expect.any(String));

    const { AuthenticationResult } = await cognito().send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: config().staffPool.appClientId,
        AuthParameters: { USERNAME: m.username, PASSWORD: TEST_PASSWORD },
      }),
    );
    const direct = AuthenticationResult!.IdToken!;
    expect((await api.request("GET", "/v1/staff/me", { token: direct })).status).toBe(401);
    expect(
      (await api.request("POST", "/v1/auth/staff/mfa", { body: { session: "not-a-session", code: "123456" } })).status,
    ).toBe(401);
  });

  it("requireStaffMfa: staff without MFA get 403 mfa-required except on their profile and enrolment", async () => {
    const strict = await createTestCompany(api, "Strict");
    const admin = await api.request("PATCH", "/v1/company", { token: strict.admin, body: { requireStaffMfa: true } });
    expect(admin.status).toBe(200);
    expect(admin.body.requireStaffMfa).toBe(true);
    advanceClock(10_000);
    const blocked = await api.request("GET", "/v1/clients", { token: strict.staff });
    expect(blocked.status).toBe(403);
    expect(blocked.body.type).toMatch(/mfa-required$/);
    expect((await api.request("GET", "/v1/company", { token: strict.admin })).status).toBe(403);
    expect((await api.request("GET", "/v1/staff/me", { token: strict.staff })).status).toBe(200);
    const secret = await enrol(strict.staff);
    expect(
      (await api.request("POST", "/v1/staff/me/mfa/verify", { token: strict.staff, body: { code: codeFor(secret) } }))
        .status,
    ).toBe(204);
    expect((await api.request("GET", "/v1/clients", { token: strict.staff })).status).toBe(200);
    // No MFA yet: the admin cannot turn the setting off without enrolling either.
    expect(
      (await api.request("PATCH", "/v1/company", { token: strict.admin, body: { requireStaffMfa: false } })).status,
    ).toBe(403);
  });
});
