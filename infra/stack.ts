import { Annotations, CfnOutput, Lazy, Stack, type StackProps, Tags } from "aws-cdk-lib";
import type { Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";
import { ROUTES } from "../lib/api/catalog";
import type { RouteSpec } from "../lib/http/route";
import { POOL_KEYS_ENV } from "../lib/identity/pool-keys";
import { Api } from "./api";
import { type LambdaEntry, lambdaEntries, PROJECT_ROOT } from "./bundling";
import { OperationsDashboard, type WorkerWatch } from "./dashboard";
import { Data, type TableDefinition } from "./data";
import { Email } from "./email";
import { Functions } from "./functions";
import { Identity } from "./identity";
import { Importer } from "./importer";
import { Mailer } from "./mailer";
import { Monitoring } from "./monitoring";
import { applyNagSuppressions } from "./nag";
import { PasswordResets } from "./password-resets";
import { PoolKeys } from "./pool-keys";
import { readSettings } from "./settings";
import { Webhooks } from "./webhooks";

export interface ClienteleStackProps extends StackProps {
  /** Project root the entries are relative to (default: this repository). */
  root?: string;
  /** Lambda entries to build (default: `lambdaEntries()` of infra/bundling.ts). */
  entries?: readonly LambdaEntry[];
  /** The route catalog (default: lib/api/catalog.ts). */
  routes?: readonly RouteSpec[];
  /** The table definition (default: lib/store/table.ts). */
  table?: TableDefinition;
  /** Acknowledge the findings listed in infra/nag.ts (default true; false lets a test see them all). */
  acknowledgeNagFindings?: boolean;
}

/**
 * The whole product in one stack: the table, the field key and cursor secret,
 * the two user pools, SES, the API and its functions, the workers on the
 * stream (mailer, importer, password resets, webhook deliverer), the sweepers on schedules, and alarms. Env-agnostic and without lookups: `cdk synth` needs
 * neither credentials nor network.
 */
export class ClienteleStack extends Stack {
  readonly data: Data;
  readonly identity: Identity;
  readonly email: Email;
  readonly functions: Functions;
  readonly api: Api;
  readonly mailer: Mailer | undefined;
  readonly importer: Importer | undefined;
  readonly passwordResets: PasswordResets | undefined;
  readonly webhooks: Webhooks | undefined;
  readonly monitoring: Monitoring;
  readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: ClienteleStackProps = {}) {
    super(scope, id, { description: "Clientele: client registry (API, DynamoDB, Cognito, SES)", ...props });
    const root = props.root ?? PROJECT_ROOT;
    const routes = props.routes ?? ROUTES;
    const entries = props.entries ?? lambdaEntries(root, routes);
    const settings = readSettings(this);
    Tags.of(this).add("project", "clientele");

    this.data = new Data(this, "Data", props.table);
    this.identity = new Identity(this, "Identity");
    this.email = new Email(this, "Email", settings);
    if (!settings.signInUrl) {
      Annotations.of(this).addWarningV2(
        "clientele:sign-in-url",
        "No -c signInUrl=... given: emails and the signup form point at <api url>/signin. Set the URL of your client area.",
      );
    }
    // The API is built after its functions: its URL reaches their environment lazily (no cycle: the
    // functions depend on the API resource, the API's routes and integrations on the functions).
    const signInUrl = settings.signInUrl ?? Lazy.string({ produce: () => `${this.api.url}/signin` });
    this.functions = new Functions(this, "Functions", {
      root,
      data: this.data,
      identity: this.identity,
      email: this.email,
      logRetention: settings.logRetention,
      appEnvironment: { CLIENTELE_SIGNIN_URL: signInUrl, ...settings.signupLimitsEnvironment },
    });

    const entry = (name: string) => entries.find((e) => e.name === name);
    const required = (name: string): LambdaEntry => {
      const found = entry(name);
      if (!found) throw new Error(`No entry for the ${name} function (looked in ${root})`);
      return found;
    };
    const apiFunctions = new Map<string, LambdaFunction>();
    for (const lambda of new Set(routes.map((r) => r.lambda))) {
      apiFunctions.set(lambda, this.functions.add(required(lambda)));
    }
    const fallback = this.functions.add(required("fallback"));

    this.api = new Api(this, "Api", {
      routes,
      functionFor: (lambda) => apiFunctions.get(lambda)!,
      fallback,
      throttle: settings.throttle,
      signupOrigin: settings.signupOrigin,
      logRetention: settings.logRetention,
    });

    this.monitoring = new Monitoring(this, "Monitoring", { alarmEmail: settings.alarmEmail });
    this.monitoring.watchApi(this.api.httpApi);
    this.monitoring.watchTable(this.data.table);
    const workers: WorkerWatch[] = [];

    const mailerEntry = entry("mailer");
    if (mailerEntry) {
      const fn = this.functions.add(mailerEntry);
      const sweeper = this.functions.add(required("sweeper"));
      this.mailer = new Mailer(this, "Mailer", { table: this.data.table, fn, sweeper });
      this.monitoring.watchStreamWorker("Mailer", fn, this.mailer.deadLetterQueue, {
        lost: "Outbox batches failed every retry and are in the mailer's dead-letter queue.",
        failing: "The mailer failed (it is retrying); persistent errors end in the dead-letter queue.",
      });
      this.monitoring.watchSweeper(sweeper);
      this.monitoring.watchUndeliverable([fn, sweeper]);
      workers.push({ name: "Mailer", fn, deadLetterQueue: this.mailer.deadLetterQueue, fromStream: true });
      new CfnOutput(this, "MailerDeadLetterQueueUrl", { value: this.mailer.deadLetterQueue.queueUrl });
    } else {
      Annotations.of(this).addWarningV2(
        "clientele:no-mailer",
        "functions/mailer.ts does not exist yet: the mailer, its stream mapping and dead-letter queue are not built, so outbox emails are not sent.",
      );
    }

    const importerEntry = entry("importer");
    if (importerEntry) {
      const fn = this.functions.add(importerEntry);
      this.importer = new Importer(this, "Importer", { table: this.data.table, fn });
      // An import chunk in the DLQ leaves its job running for ever; a failing worker retries.
      this.monitoring.watchStreamWorker("Importer", fn, this.importer.deadLetterQueue, {
        lost: "An import chunk failed every retry: its job stays running (see the importer's dead-letter queue).",
        failing: "The import worker failed (the chunk is retried); persistent errors end in its dead-letter queue.",
      });
      workers.push({ name: "Importer", fn, deadLetterQueue: this.importer.deadLetterQueue, fromStream: true });
      new CfnOutput(this, "ImporterDeadLetterQueueUrl", { value: this.importer.deadLetterQueue.queueUrl });
    }

    const passwordResetsEntry = entry("password-resets");
    if (passwordResetsEntry) {
      const fn = this.functions.add(passwordResetsEntry);
      this.passwordResets = new PasswordResets(this, "PasswordResets", { table: this.data.table, fn });
      // A forgot-password request in the DLQ was never carried out: that person got no email.
      this.monitoring.watchStreamWorker("PasswordReset", fn, this.passwordResets.deadLetterQueue, {
        lost: "A client's forgot-password request failed every retry: no reset email was queued (see the password-resets worker's dead-letter queue).",
        failing:
          "The password-resets worker failed (the request is retried); persistent errors end in its dead-letter queue.",
      });
      workers.push({
        name: "Password resets",
        fn,
        deadLetterQueue: this.passwordResets.deadLetterQueue,
        fromStream: true,
      });
      new CfnOutput(this, "PasswordResetsDeadLetterQueueUrl", {
        value: this.passwordResets.deadLetterQueue.queueUrl,
      });
    }

    let webhooks: WorkerWatch | undefined;
    const delivererEntry = entry("webhooks");
    if (delivererEntry) {
      const deliverer = this.functions.add(delivererEntry);
      const sweeper = this.functions.add(required("webhook-sweeper"));
      this.webhooks = new Webhooks(this, "Webhooks", { table: this.data.table, deliverer, sweeper });
      this.monitoring.watchWebhooks(deliverer, sweeper, this.webhooks.deadLetterQueue);
      webhooks = {
        name: "Webhook deliverer",
        fn: deliverer,
        deadLetterQueue: this.webhooks.deadLetterQueue,
        fromStream: true,
      };
      workers.push(webhooks);
    }

    const poolKeysEntry = entry("pool-keys");
    if (poolKeysEntry) {
      const fn = this.functions.add(poolKeysEntry, { deployTime: true });
      const { staffPool, clientPool } = this.identity;
      const keys = new PoolKeys(this, "PoolKeys", { fn, pools: [staffPool, clientPool] });
      // The functions that check tokens (the fallback and the background functions never do).
      for (const api of apiFunctions.values()) api.addEnvironment(POOL_KEYS_ENV, keys.value);
    }

    // Every function exists by now: each gets a throttle alarm and its lines on the dashboard.
    this.monitoring.watchFunctions(this.functions.byName.values());
    this.dashboard = new OperationsDashboard(this, "Operations", {
      api: this.api.httpApi,
      accessLogs: this.api.accessLogs,
      routes,
      functions: this.functions.byName,
      table: this.data.table,
      workers,
      webhooks,
    });

    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output("Region", this.region, "Region of the deployment (for infra/bootstrap-installation.ts)");
    output("ApiUrl", this.api.url, "Base URL of the API (routes start with /v1)");
    output("SignupUrl", `${this.api.url}/signup`, "The hosted signup form");
    output("SignInUrl", `${this.api.url}/signin`, "The hosted client sign-in page (then /account)");
    output("DocsUrl", `${this.api.url}/docs`, "API reference (OpenAPI at /openapi.json)");
    output("StaffUserPoolId", this.identity.staffPool.userPoolId, "Staff user pool");
    output("StaffClientId", this.identity.staffClient.userPoolClientId, "Staff pool app client");
    output("ClientUserPoolId", this.identity.clientPool.userPoolId, "Client user pool");
    output("ClientClientId", this.identity.clientClient.userPoolClientId, "Client pool app client");
    output("TableName", this.data.table.tableName, "The single DynamoDB table");
    output("FieldKeyArn", this.data.fieldKey.keyArn, "KMS key for encrypted custom fields");
    output("CursorSecretArn", this.data.cursorSecret.secretArn, "Secret that signs list cursors");
    output("FromAddress", this.email.fromAddress, "Sender of every email");
    output("DashboardName", this.dashboard.dashboard.dashboardName, "CloudWatch dashboard of the installation");
    output("AlarmTopicArn", this.monitoring.topic.topicArn, "Subscribe to receive alarms");

    if (props.acknowledgeNagFindings !== false) applyNagSuppressions(this);
  }
}
