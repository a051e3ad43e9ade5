import * as company from "../lib/api/routes/company";
import * as groups from "../lib/api/routes/groups";
import * as webhooks from "../lib/api/routes/webhooks";
import { loadCompany, updateCompany } from "../lib/companies/company-service";
import { createField, fieldsPage, removeField, updateField } from "../lib/custom-fields/custom-field-service";
import {
  createGroup,
  groupsPage,
  loadGroup,
  removeGroup,
  toPublicGroup,
  updateGroup,
} from "../lib/groups/group-service";
import { createApiHandler } from "../lib/http/api-handler";
import { etagOf, expectedVersion } from "../lib/http/conditional";
import { runIdempotently } from "../lib/http/idempotency";
import { accepted, created, noContent, ok } from "../lib/http/response";
import { bind } from "../lib/http/route";
import { readTemplate, writeTemplate } from "../lib/templates/template-service";
import {
  createWebhook,
  deliveriesPage,
  loadWebhook,
  redeliver,
  removeWebhook,
  rotateSecret,
  sendTestPing,
  toWebhookView,
  updateWebhook,
  webhooksPage,
} from "../lib/webhooks/webhook-service";

const versioned = <T extends { version: number }>(entity: T) => ok(entity, { etag: etagOf(entity.version) });

export const handler = createApiHandler(
  [
    bind(company.getCompany, async ({ auth }) => versioned(await loadCompany(auth.companyId))),
    bind(company.patchCompany, async ({ auth, body, headers }) =>
      versioned(await updateCompany(auth.companyId, body, expectedVersion(headers["if-match"]))),
    ),

    bind(groups.listGroups, async ({ auth, query }) => ok(await groupsPage(auth.companyId, query))),
    bind(groups.createGroup, async ({ auth, body, reservedId }) =>
      created(await createGroup(auth.companyId, reservedId, body)),
    ),
    bind(groups.getGroup, async ({ auth, params }) =>
      versioned(toPublicGroup(await loadGroup(auth.companyId, params.groupId))),
    ),
    bind(groups.patchGroup, async ({ auth, params, body, headers }) =>
      versioned(await updateGroup(auth.companyId, params.groupId, body, expectedVersion(headers["if-match"]))),
    ),
    bind(groups.deleteGroup, async ({ auth, params, headers }) => {
      await removeGroup(auth.companyId, params.groupId, expectedVersion(headers["if-match"]));
      return noContent();
    }),

    bind(groups.listFields, async ({ auth, params, query }) =>
      ok(await fieldsPage(auth.companyId, params.groupId, query)),
    ),
    bind(groups.createField, async ({ auth, params, body, reservedId }) =>
      created(await createField(auth.companyId, params.groupId, reservedId, body)),
    ),
    bind(groups.patchField, async ({ auth, params, body, headers }) =>
      versioned(await updateField(auth.companyId, params.fieldId, body, expectedVersion(headers["if-match"]))),
    ),
    bind(groups.deleteField, async ({ auth, params }) => {
      await removeField(auth.companyId, params.fieldId);
      return noContent();
    }),

    bind(groups.getTemplate, async ({ auth, params }) =>
      ok(await readTemplate(auth.companyId, params.templateId, params.language)),
    ),
    bind(groups.putTemplate, async ({ auth, params, body }) =>
      ok(await writeTemplate(auth.companyId, params.templateId, params.language, body)),
    ),

    bind(webhooks.listWebhooks, async ({ auth, query }) => ok(await webhooksPage(auth.companyId, query))),
    bind(webhooks.createWebhook, async ({ auth, body, reservedId }) =>
      created(await createWebhook(auth.companyId, reservedId, body)),
    ),
    bind(webhooks.getWebhook, async ({ auth, params }) =>
      versioned(toWebhookView(await loadWebhook(auth.companyId, params.webhookId))),
    ),
    bind(webhooks.patchWebhook, async ({ auth, params, body, headers }) =>
      versioned(await updateWebhook(auth.companyId, params.webhookId, body, expectedVersion(headers["if-match"]))),
    ),
    bind(webhooks.deleteWebhook, async ({ auth, params, headers }) => {
      await removeWebhook(auth.companyId, params.webhookId, expectedVersion(headers["if-match"]));
      return noContent();
    }),
    bind(webhooks.rotateWebhookSecret, async ({ auth, params }) =>
      ok(await rotateSecret(auth.companyId, params.webhookId)),
    ),
    bind(webhooks.testWebhook, async ({ auth, params }) =>
      accepted(await sendTestPing(auth.companyId, params.webhookId)),
    ),
    bind(webhooks.listWebhookDeliveries, async ({ auth, params, query }) =>
      ok(await deliveriesPage(auth.companyId, params.webhookId, query)),
    ),
    bind(webhooks.redeliverWebhook, async ({ auth, params }) => {
      await redeliver(auth.companyId, params.webhookId, params.deliveryId);
      return accepted();
    }),
  ],
  { runIdempotently },
);
