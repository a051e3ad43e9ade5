import * as clients from "../lib/api/routes/clients";
import { toClientView } from "../lib/clients/client-view";
import { createClient } from "../lib/clients/create-client";
import { loadLiveClient } from "../lib/clients/get-client";
import { updateClient } from "../lib/clients/update-client";
import { newId } from "../lib/domain/ids";
import { actorOf } from "../lib/http/actor";
import { createApiHandler } from "../lib/http/api-handler";
import { etagOf, expectedVersion } from "../lib/http/conditional";
import { idempotent } from "../lib/http/idempotency";
import { created, ok } from "../lib/http/response";
import { type ApiResult, bind } from "../lib/http/route";

/** A replay returns the client without the generated password: it is shown once and never stored. */
const withoutGeneratedPassword = ({ status, body, headers }: ApiResult) => {
  const { generatedPassword: _, ...client } = body as { generatedPassword?: string };
  return { status, body: client, headers };
};

const versioned = <T extends { version: number }>(entity: T) => ok(entity, { etag: etagOf(entity.version) });

export const handler = createApiHandler([
  bind(clients.createClient, async ({ auth, body, headers }) =>
    idempotent(
      {
        companyId: auth.companyId,
        scope: "createClient",
        key: headers["idempotency-key"],
        // Not even a hash of the password is kept: only whether one was sent.
        fingerprint: { ...body, password: body.password === undefined ? undefined : "(set)" },
        newId: () => newId("cl"),
        toStored: withoutGeneratedPassword,
      },
      async (clientId) => {
        const result = await createClient({
          companyId: auth.companyId,
          clientId,
          actor: actorOf(auth),
          input: body,
          source: "staff",
        });
        const client = {
          ...result.client,
          ...(result.generatedPassword ? { generatedPassword: result.generatedPassword } : {}),
        };
        return created(client, { etag: etagOf(client.version), location: `/v1/clients/${client.id}` });
      },
    ),
  ),
  bind(clients.getClient, async ({ auth, params }) =>
    versioned(await toClientView(await loadLiveClient(auth.companyId, params.clientId), "staff")),
  ),
  bind(clients.patchClient, async ({ auth, params, body, headers }) =>
    versioned(
      await updateClient({
        companyId: auth.companyId,
        clientId: params.clientId,
        actor: actorOf(auth),
        patch: body,
        expectedVersion: expectedVersion(headers["if-match"]),
        marketingSource: "staff",
      }),
    ),
  ),
]);
