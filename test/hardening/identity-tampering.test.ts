import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
  UpdateUserAttributesCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../../lib/config";
import { cognito } from "../../lib/identity/cognito-client";
import { db, tableName } from "../../lib/store/client";
import { deleteIdentity } from "../../lib/store/identity-repository";
import { keys } from "../../lib/store/keys";
import { listStaffMembers } from "../../lib/store/staff-repository";
import { TestApi } from "../helpers/api";
import { advanceClock, restoreClock } from "../helpers/clock";
import { clientBody, createTestCompany, TEST_PASSWORD, type TestCompany } from "../helpers/companies";
import { claimsOf, withClaims } from "../helpers/forged-tokens";

/**
 * The attack from the outside: a signed-in user of company B rewrites their
 * own Cognito attributes (UpdateUserAttributes with their own access token,
 * as anyone holding one can call it) or presents a validly signed token whose
 * `custom:*` claims name company A, and asks for A's data. Who the caller is
 * comes from our table only, so every variant reaches B's data alone.
 */

interface Session {
  idToken: string;
  accessToken: string;
  refreshToken: string;
}

let api: TestApi;
let victim: TestCompany;
let attacker: TestCompany;
let victimClientId: string;
let attackerClientId: string;
const attackerClient = { username: "", password: TEST_PASSWORD };

async function signIn(audience: "staff" | "clients", username: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await api.request("POST", `/v1/auth/${audience}/login`, { body: { username, password } });
  expect(res.status).toBe(200);
  return res.body;
}

beforeAll(async () => {
  api = await TestApi.start();
  [victim, attacker] = await Promise.all([createTestCompany(api, "Victim"), createTestCompany(api, "Attacker")]);
  const victimClient = await api.request("POST", "/v1/clients", { token: victim.admin, body: clientBody() });
  victimClientId = victimClient.body.id;
  const body = clientBody();
  const own = await api.request("POST", "/v1/clients", { token: attacker.admin, body });
  attackerClientId = own.body.id;
  attackerClient.username = own.body.username;
});

afterAll(() => api.close());

/** What the API shows the bearer of a staff token: the company and whether A's client can be read. */
async function staffView(token: string) {
  const company = await api.request("GET", "/v1/company", { token });
  const list = await api.request("GET", "/v1/clients?limit=100", { token });
  const victimRead = await api.request("GET", `/v1/clients/${victimClientId}`, { token });
  return {
    company: company.body.id,
    listed: (list.body.items as { id: string }[]).map((c) => c.id),
    victimRead: victimRead.status,
  };
}

function expectAttackerCompanyOnly(view: Awaited<ReturnType<typeof staffView>>) {
  expect(view.company).toBe(attacker.companyId);
  expect(view.listed).not.toContain(victimClientId);
  expect(view.victimRead).toBe(404);
}

describe("a staff member rewriting their tenant attribute", () => {
  it("is refused by Cognito: the attribute is immutable", async () => {
    const { accessToken } = await signIn("staff", attacker.adminUsername);
    await expect(
      cognito().send(
        new UpdateUserAttributesCommand({
          AccessToken: accessToken,
          UserAttributes: [{ Name: "custom:company", Value: victim.companyId }],
        }),
      ),
    ).rejects.toThrow(/immutable|cannot be updated/i);
    const fresh = await signIn("staff", attacker.adminUsername);
    expectAttackerCompanyOnly(await staffView(fresh.idToken));
    expectAttackerCompanyOnly(await staffView(fresh.accessToken));
  });

  it("gains nothing from a signed token whose claims name another company, ID or access token", async () => {
    const session = await signIn("staff", attacker.staffUsername);
    for (const token of [session.idToken, session.accessToken]) {
      const forged = withClaims(token, { "custom:company": victim.companyId, "cognito:groups": ["staff"] });
      expectAttackerCompanyOnly(await staffView(forged));
      // Claiming the admin group does not make an admin: the staff record decides the role.
      const promoted = withClaims(token, { "custom:company": victim.companyId, "cognito:groups": ["admin"] });
      const patch = await api.request("PATCH", "/v1/company", { token: promoted, body: { name: "Pwned" } });
      expect(patch.status).toBe(403);
    }
    const victimCompany = await api.request("GET", "/v1/company", { token: victim.admin });
    expect(victimCompany.body.name).not.toBe("Pwned");
  });
});

describe("a client rewriting their tenant and client attributes", () => {
  it("is refused by Cognito, and a signed token with those claims still reaches only their own account", async () => {
    const session = await signIn("clients", attackerClient.username);
    await expect(
      cognito().send(
        new UpdateUserAttributesCommand({
          AccessToken: session.accessToken,
          UserAttributes: [
            { Name: "custom:company", Value: victim.companyId },
            { Name: "custom:clientId", Value: victimClientId },
          ],
        }),
      ),
    ).rejects.toThrow(/immutable|cannot be updated/i);
    for (const token of [session.idToken, session.accessToken]) {
      const forged = withClaims(token, { "custom:company": victim.companyId, "custom:clientId": victimClientId });
      const me = await api.request("GET", "/v1/me", { token: forged });
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(attackerClientId);
      const patch = await api.request("PATCH", "/v1/me", { token: forged, body: { city: "Forged" } });
      expect(patch.body.id).toBe(attackerClientId);
    }
    const victimClient = await api.request("GET", `/v1/clients/${victimClientId}`, { token: victim.admin });
    expect(victimClient.body.city).not.toBe("Forged");
  });

  it("a client token is no staff token, whatever its claims say", async () => {
    const session = await signIn("clients", attackerClient.username);
    const forged = withClaims(session.idToken, { "cognito:groups": ["admin"] });
    expect((await api.request("GET", "/v1/company", { token: forged })).status).toBe(403);
  });
});

describe("staff accounts with no standing", () => {
  async function directCognitoSession(username: string): Promise<string> {
    const { AuthenticationResult } = await cognito().send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: config().staffPool.appClientId,
        AuthParameters: { USERNAME: username, PASSWORD: TEST_PASSWORD },
      }),
    );
    return AuthenticationResult!.IdToken!;
  }

  it("a staff-pool user in no group and with no staff record gets 403 on staff routes and cannot sign in through the API", async () => {
    const username = `nogroup-${Date.now()}`;
    const UserPoolId = config().staffPool.userPoolId;
    await cognito().send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: username,
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "custom:company", Value: victim.companyId }],
      }),
    );
    await cognito().send(
      new AdminSetUserPasswordCommand({ UserPoolId, Username: username, Password: TEST_PASSWORD, Permanent: true }),
    );
    const token = await directCognitoSession(username);
    expect(claimsOf(token)["custom:company"]).toBe(victim.companyId);
    expect((await api.request("GET", "/v1/clients", { token })).status).toBe(403);
    expect((await api.request("GET", "/v1/company", { token })).status).toBe(403);
    const login = await api.request("POST", "/v1/auth/staff/login", { body: { username, password: TEST_PASSWORD } });
    expect(login.status).toBe(401);
  });

  describe("a change to the staff record reaches existing tokens within 10 s", () => {
    afterEach(() => restoreClock());

    async function setStaffRecord(companyId: string, username: string, change: Record<string, unknown>) {
      const member = (await listStaffMembers(companyId)).find((m) => m.username === username)!;
      const names = Object.keys(change);
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.staffMember(companyId, member.id),
          UpdateExpression: `SET ${names.map((_n, i) => `#n${i} = :v${i}`).join(", ")}`,
          ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#n${i}`, n])),
          ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, change[n]])),
        }),
      );
    }

    it("a demoted admin loses admin routes; a disabled member loses every staff route; refresh is refused", async () => {
      const co = await createTestCompany(api, "Demote");
      const admin = await signIn("staff", co.adminUsername);
      expect(
        (await api.request("PATCH", "/v1/company", { token: admin.idToken, body: { name: "Before" } })).status,
      ).toBe(200);
      await setStaffRecord(co.companyId, co.adminUsername, { role: "staff" });
      advanceClock(10_000);
      expect(
        (await api.request("PATCH", "/v1/company", { token: admin.idToken, body: { name: "After" } })).status,
      ).toBe(403);
      expect((await api.request("GET", "/v1/clients", { token: admin.idToken })).status).toBe(200);

      await setStaffRecord(co.companyId, co.adminUsername, { status: "disabled" });
      advanceClock(20_000);
      for (const token of [admin.idToken, admin.accessToken]) {
        expect((await api.request("GET", "/v1/clients", { token })).status).toBe(403);
      }
      const refreshed = await api.request("POST", "/v1/auth/refresh", {
        body: { audience: "staff", refreshToken: admin.refreshToken },
      });
      expect(refreshed.status).toBe(401);
      const login = await api.request("POST", "/v1/auth/staff/login", {
        body: { username: co.adminUsername, password: TEST_PASSWORD },
      });
      expect(login.status).toBe(401);
    });
  });
});

/**
 * The caller lookup reads the records a token's immutable `custom:*` claims
 * point at beside the identity item, while the signature is checked
 * (lib/access/caller.ts). Those reads are hints: a signed token whose claims
 * point elsewhere reaches only what its identity item names, a refused account
 * stays refused, and a token whose signature fails leaves nothing cached.
 */
describe("the caller lookup's hints", () => {
  afterEach(() => restoreClock());

  async function clientSession(co: TestCompany) {
    const body = clientBody();
    const created = await api.request("POST", "/v1/clients", { token: co.admin, body });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, session: await signIn("clients", created.body.username) };
  }

  const badSignature = (token: string) => `${token.slice(0, token.lastIndexOf(".") + 1)}${"A".repeat(342)}`;

  it("staff tokens carry the member's id as `custom:staffId`", async () => {
    const { idToken } = await signIn("staff", attacker.staffUsername);
    const me = await api.request("GET", "/v1/staff/me", { token: idToken });
    expect(claimsOf(idToken)["custom:staffId"]).toBe(me.body.id);
    expect(claimsOf(idToken)["custom:company"]).toBe(attacker.companyId);
  });

  it("a staff token whose claims name another company's admin, or an admin of its own company, acts as its own member", async () => {
    const victimAdmin = (await api.request("GET", "/v1/staff/me", { token: victim.admin })).body.id as string;
    const attackerAdmin = (await api.request("GET", "/v1/staff/me", { token: attacker.admin })).body.id as string;
    const { idToken } = await signIn("staff", attacker.staffUsername);
    const ownId = claimsOf(idToken)["custom:staffId"];
    for (const claims of [
      { "custom:company": victim.companyId, "custom:staffId": victimAdmin },
      { "custom:company": attacker.companyId, "custom:staffId": attackerAdmin },
      { "custom:company": victim.companyId, "custom:staffId": ownId },
    ]) {
      const forged = withClaims(idToken, { ...claims, "cognito:groups": ["admin"] });
      const me = await api.request("GET", "/v1/staff/me", { token: forged });
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(ownId);
      expect(me.body.role).toBe("staff");
      expectAttackerCompanyOnly(await staffView(forged));
      expect((await api.request("PATCH", "/v1/company", { token: forged, body: { name: "Pwned" } })).status).toBe(403);
    }
  });

  it("a staff token whose claims name another company reads no client of it, though the client read travels with the lookup", async () => {
    // `GET /v1/clients/{id}` asks for the client item in the caller lookup's batch under the company the token
    // names (functions/clients.ts); the route takes it only under the verified caller's company.
    const { idToken } = await signIn("staff", attacker.staffUsername);
    const forged = withClaims(idToken, { "custom:company": victim.companyId });
    const victimRead = await api.request("GET", `/v1/clients/${victimClientId}`, { token: forged });
    expect(victimRead.status).toBe(404);
    expect(victimRead.body.firstName).toBeUndefined();
    const ownRead = await api.request("GET", `/v1/clients/${attackerClientId}`, { token: forged });
    expect(ownRead.status).toBe(200);
    expect(ownRead.body.id).toBe(attackerClientId);
    const unforged = await api.request("GET", `/v1/clients/${victimClientId}`, { token: idToken });
    expect(unforged.status).toBe(404);
  });

  it("a token whose claims name another company gets its own company's first pages, though they start with the lookup", async () => {
    // Browse, the import list, a client's invoices and a client's own account start their first Query beside the
    // caller lookup, under the company the token names (lib/http/route.ts FirstReads); a route takes the page
    // only where its own Query, built from the verified caller's company, is the same.
    const invoice = { lines: [{ description: "Hosting", unitPrice: "9.00" }] };
    const victimInvoice = await api.request("POST", `/v1/clients/${victimClientId}/invoices`, {
      token: victim.admin,
      body: invoice,
    });
    expect(victimInvoice.status).toBe(201);
    const victimImport = await api.request("POST", "/v1/imports?preset=generic", {
      token: victim.admin,
      rawBody: "firstName,lastName,email,country\nAda,Lovelace,ada.first-reads@victim.example,GB\n",
      headers: { "content-type": "text/csv" },
    });
    expect(victimImport.status).toBe(202);
    const { idToken } = await signIn("staff", attacker.adminUsername);
    const forged = withClaims(idToken, { "custom:company": victim.companyId });
    const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((item) => item.id);
    for (const path of ["/v1/clients?limit=100", "/v1/imports?limit=25", `/v1/clients/${attackerClientId}/invoices`]) {
      const [own, tampered] = await Promise.all([
        api.request("GET", path, { token: idToken }),
        api.request("GET", path, { token: forged }),
      ]);
      expect([path, tampered.status]).toEqual([path, 200]);
      expect(ids(tampered)).toEqual(ids(own));
    }
    const lists = await api.request("GET", "/v1/clients?limit=100", { token: forged });
    expect(ids(lists)).toContain(attackerClientId);
    expect(ids(lists)).not.toContain(victimClientId);
    expect(ids(await api.request("GET", "/v1/imports?limit=25", { token: forged }))).not.toContain(
      victimImport.body.importId,
    );
    const victimInvoices = await api.request("GET", `/v1/clients/${victimClientId}/invoices`, { token: forged });
    expect(victimInvoices.status).toBe(404);
    expect(victimInvoices.body.items).toBeUndefined();

    // The client's own account shows the fields of its own company's group: were the page of another company's
    // fields taken, the value below would not be shown.
    const groupId = (await api.request("GET", `/v1/clients/${attackerClientId}`, { token: attacker.admin })).body
      .groupId as string;
    const field = await api.request("POST", `/v1/client-groups/${groupId}/custom-fields`, {
      token: attacker.admin,
      body: { name: "Plan", type: "text", visibleToClient: true },
    });
    expect(field.status).toBe(201);
    const edit = await api.request("PATCH", `/v1/clients/${attackerClientId}`, {
      token: attacker.admin,
      body: { customFields: { [field.body.id]: "Gold" } },
    });
    expect(edit.status).toBe(200);
    const client = await signIn("clients", attackerClient.username);
    const me = await api.request("GET", "/v1/me", {
      token: withClaims(client.idToken, { "custom:company": victim.companyId }),
    });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(attackerClientId);
    expect(me.body.customFields).toEqual({ [field.body.id]: "Gold" });
  });

  it("a client token whose claims name another client of its own company reaches only its own account", async () => {
    const other = await clientSession(attacker);
    const forged = withClaims(other.session.idToken, { "custom:clientId": attackerClientId });
    const me = await api.request("GET", "/v1/me", { token: forged });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(other.id);
  });

  it("a disabled client is refused even when its token's claims name an active client", async () => {
    const disabled = await clientSession(attacker);
    const status = await api.request("POST", `/v1/clients/${disabled.id}/status`, {
      token: attacker.admin,
      body: { status: "inactive" },
    });
    expect(status.status).toBe(200);
    for (const token of [
      disabled.session.idToken,
      withClaims(disabled.session.idToken, { "custom:clientId": attackerClientId }),
    ]) {
      expect((await api.request("GET", "/v1/me", { token })).status).toBe(401);
    }
  });

  it("a disabled staff member is refused even when their token's claims name an active admin", async () => {
    const co = await createTestCompany(api, "Disabled");
    const admin = (await api.request("GET", "/v1/staff/me", { token: co.admin })).body.id as string;
    const { idToken } = await signIn("staff", co.staffUsername);
    const member = claimsOf(idToken)["custom:staffId"] as string;
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.staffMember(co.companyId, member),
        UpdateExpression: "SET #status = :disabled",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":disabled": "disabled" },
      }),
    );
    advanceClock(10_000);
    for (const token of [idToken, withClaims(idToken, { "custom:staffId": admin, "cognito:groups": ["admin"] })]) {
      expect((await api.request("GET", "/v1/staff/me", { token })).status).toBe(403);
    }
  });

  it("a token with a bad signature is refused and leaves no identity or access cached for later requests", async () => {
    const unlinked = await clientSession(attacker);
    const disabled = await clientSession(attacker);
    // Past what the sign-ins cached: from here on only the refused tokens could fill the caches.
    advanceClock(10_000);
    for (const { session } of [unlinked, disabled]) {
      const forged = badSignature(withClaims(session.idToken, { "custom:clientId": attackerClientId }));
      expect((await api.request("GET", "/v1/me", { token: forged })).status).toBe(401);
      expect((await api.request("GET", "/v1/me", { token: badSignature(session.idToken) })).status).toBe(401);
    }
    // Changed behind this instance's back (no forget): a read cached for the refused tokens would still let
    // the genuine ones through for up to ACCESS_CACHE_MS.
    const sub = claimsOf(unlinked.session.idToken).sub as string;
    await deleteIdentity(config().clientPool.userPoolId, sub);
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.client(attacker.companyId, disabled.id),
        UpdateExpression: "SET #status = :inactive",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":inactive": "inactive" },
      }),
    );
    expect((await api.request("GET", "/v1/me", { token: unlinked.session.idToken })).status).toBe(401);
    expect((await api.request("GET", "/v1/me", { token: disabled.session.idToken })).status).toBe(401);
  });
});
