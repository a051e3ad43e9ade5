import { createdClientAnswer, replayCreatedClient } from "../lib/api/answers/created-client";
import * as clientData from "../lib/api/routes/client-data";
import * as clients from "../lib/api/routes/clients";
import { listClientHistory } from "../lib/clients/client-history";
import { resetClientPassword } from "../lib/clients/client-password";
import { changeClientStatus } from "../lib/clients/client-status";
import { toClientView } from "../lib/clients/client-view";
import { createClient, createFingerprint } from "../lib/clients/create-client";
import { deleteClient } from "../lib/clients/delete-client";
import { loadLiveClient } from "../lib/clients/get-client";
import { resendRegistrationEmail } from "../lib/clients/registration-email";
import { updateClient } from "../lib/clients/update-client";
import { anonymiseClient } from "../lib/gdpr/anonymise-client";
import { clientDataExport } from "../lib/gdpr/client-data-export";
import { actorOf } from "../lib/http/actor";
import { createApiHandler } from "../lib/http/api-handler";
import { etagOf, expectedVersion } from "../lib/http/conditional";
import { runIdempotently } from "../lib/http/idempotency";
import { accepted, noContent, ok } from "../lib/http/response";
import { bind, withFirstReads } from "../lib/http/route";
import { generatePassword } from "../lib/identity/passwords";
import { clientRecordKeys } from "../lib/store/client-repository";
import { exportClients } from "../lib/transfer/export-clients";

const versioned = <T extends { version: number }>(entity: T) => ok(entity, { etag: etagOf(entity.version) });

export const handler = createApiHandler(
  [
    bind(
      clients.createClient,
      async ({ auth, body, reservedId }) =>
        createdClientAnswer(
          await createClient({
            companyId: auth.companyId,
            clientId: reservedId,
            actor: actorOf(auth),
            input: body,
            source: "staff",
          }),
        ),
      {
        fingerprint: ({ body }, companyId) => createFingerprint(companyId, body),
        replay: (stored, { auth }) => replayCreatedClient(auth.companyId, stored),
      },
    ),
    // Staff read a client more than anything else: the client item travels in the caller lookup's batch.
    withFirstReads(
      clients.getClient,
      async ({ auth, params }) =>
        versioned(await toClientView(await loadLiveClient(auth.companyId, params.clientId), "staff")),
      (companyId, { params }) => ({ items: clientRecordKeys(companyId, params.clientId) }),
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
    bind(clients.deleteClient, async ({ auth, params, headers }) => {
      await deleteClient(auth.companyId, params.clientId, expectedVersion(headers["if-match"]));
      return noContent();
    }),
    bind(clients.changeClientStatus, async ({ auth, params, body }) =>
      versioned(
        await toClientView(
          await changeClientStatus({
            companyId: auth.companyId,
            clientId: params.clientId,
            actor: actorOf(auth),
            status: body.status,
            reason: body.reason,
          }),
          "staff",
        ),
      ),
    ),
    bind(clients.setClientPassword, async ({ auth, params, body }) => {
      const generatedPassword = body.generate ? generatePassword() : undefined;
      await resetClientPassword({
        companyId: auth.companyId,
        clientId: params.clientId,
        actor: actorOf(auth),
        password: body.password ?? generatedPassword!,
      });
      return generatedPassword ? ok({ generatedPassword }, { "cache-control": "no-store" }) : noContent();
    }),
    bind(clients.resendRegistrationEmail, async ({ auth, params, reservedId }) => {
      await resendRegistrationEmail(auth.companyId, params.clientId, actorOf(auth), reservedId);
      return accepted();
    }),
    bind(clients.listClientHistory, async ({ auth, params, query }) =>
      ok(await listClientHistory(auth.companyId, params.clientId, query.limit, query.cursor)),
    ),
    bind(clientData.exportClients, async ({ auth, query }) => {
      const page = await exportClients(auth.companyId, query, auth.role === "admin");
      return {
        status: 200,
        body: page.body,
        headers: {
          "content-type": page.contentType,
          "cache-control": "no-store",
          ...(page.nextCursor ? { "clientele-next-cursor": page.nextCursor } : {}),
        },
      };
    }),
    bind(clientData.clientDataExport, async ({ auth, params }) =>
      ok(await clientDataExport(auth.companyId, params.clientId), { "cache-control": "no-store" }),
    ),
    bind(clientData.anonymiseClient, async ({ auth, params }) =>
      versioned(await anonymiseClient(auth.companyId, params.clientId, actorOf(auth))),
    ),
  ],
  { runIdempotently },
);
