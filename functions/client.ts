import * as clientData from "../lib/api/routes/client-data";
import * as me from "../lib/api/routes/me";
import { changeOwnPassword } from "../lib/clients/client-password";
import { sendVerificationEmail } from "../lib/clients/email-verification";
import { getOwnAccount, ownAccountReads, updateOwnAccount } from "../lib/clients/own-account";
import { getOwnAccountForm } from "../lib/clients/own-account-form";
import { clientDataExport } from "../lib/gdpr/client-data-export";
import { actorOf } from "../lib/http/actor";
import { createApiHandler } from "../lib/http/api-handler";
import { etagOf, expectedVersion } from "../lib/http/conditional";
import { accepted, noContent, ok } from "../lib/http/response";
import { bind, withFirstReads } from "../lib/http/route";

const versioned = <T extends { version: number }>(entity: T) => ok(entity, { etag: etagOf(entity.version) });

export const handler = createApiHandler([
  // A client's own account page: the company's fields start with the caller lookup (which reads the client).
  withFirstReads(
    me.getOwnAccount,
    async ({ auth }) => versioned(await getOwnAccount(auth.companyId, auth.clientId)),
    ownAccountReads,
  ),
  bind(me.getOwnAccountForm, async ({ auth }) => ok(await getOwnAccountForm(auth.companyId, auth.clientId))),
  bind(me.patchOwnAccount, async ({ auth, body, headers }) =>
    versioned(
      await updateOwnAccount({
        companyId: auth.companyId,
        clientId: auth.clientId,
        actor: actorOf(auth),
        patch: body,
        expectedVersion: expectedVersion(headers["if-match"]),
      }),
    ),
  ),
  bind(me.sendOwnVerificationEmail, async ({ auth }) => {
    await sendVerificationEmail(auth.companyId, auth.clientId, actorOf(auth));
    return accepted();
  }),

  bind(me.changeOwnPassword, async ({ auth, body }) => {
    await changeOwnPassword({
      companyId: auth.companyId,
      clientId: auth.clientId,
      actor: actorOf(auth),
      currentPassword: body.currentPassword,
      password: body.newPassword,
    });
    return noContent();
  }),
  bind(clientData.ownDataExport, async ({ auth }) =>
    ok(await clientDataExport(auth.companyId, auth.clientId), { "cache-control": "no-store" }),
  ),
]);
