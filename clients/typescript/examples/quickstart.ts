import { randomUUID } from "node:crypto";
import { createClienteleClient, isProblem } from "../src/index";

export interface QuickstartOptions {
  baseUrl: string;
  username: string;
  password: string;
  /** Clients per browse page (1..100). */
  pageSize?: number;
}

export async function quickstart({ baseUrl, username, password, pageSize = 100 }: QuickstartOptions) {
  let token: string | undefined;
  const api = createClienteleClient({ baseUrl, token: () => token });

  // 1. Sign in as a staff member; the client sends the token from now on.
  const signIn = await api.POST("/v1/auth/staff/login", { body: { username, password } });
  if (!signIn.data) throw new Error(`Sign-in failed with ${signIn.response.status}`);
  // A member with MFA on gets a challenge instead: send its session and a code to /v1/auth/staff/mfa.
  if ("challenge" in signIn.data) throw new Error("This member has MFA on: finish with POST /v1/auth/staff/mfa");
  token = signIn.data.idToken;

  // 2. Create a client. With an Idempotency-Key, sending the same request again (after a
  //    timeout, say) answers the first response instead of creating a second client.
  const newClient = {
    firstName: "Ada",
    lastName: "Lovelace",
    email: `ada-${randomUUID().slice(0, 8)}@example.com`,
    country: "GB",
    generatePassword: true,
  };
  const idempotencyKey = randomUUID();
  const created = await api.POST("/v1/clients", {
    params: { header: { "idempotency-key": idempotencyKey } },
    body: newClient,
  });
  if (!created.data) throw new Error(`Create failed with ${created.response.status}`);
  console.log(`created client #${created.data.number}, password ${created.data.generatedPassword}`);

  // 3. Page through browse: follow nextCursor until it is null.
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.GET("/v1/clients", {
      params: { query: { sort: "lastName", order: "asc", limit: pageSize, ...(cursor ? { cursor } : {}) } },
    });
    if (!page.data) throw new Error(`Browse failed with ${page.response.status}`);
    seen.push(...page.data.items.map((client) => `#${client.number} ${client.lastName}, ${client.firstName}`));
    cursor = page.data.nextCursor ?? undefined;
  } while (cursor);
  console.log(`${seen.length} clients`);

  // 4. Handle a 422: the problem lists every invalid field by its path.
  const refused = await api.POST("/v1/clients", { body: { ...newClient, email: "not-an-email", country: "XX" } });
  const invalidFields: string[] = [];
  if (refused.response.status === 422 && isProblem(refused.error)) {
    for (const { path, message } of refused.error.errors ?? []) {
      invalidFields.push(path);
      console.log(`${path}: ${message}`);
    }
  }

  return { clientId: created.data.id, idempotencyKey, seen, invalidFields };
}
