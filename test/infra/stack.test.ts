import { jest } from "@jest/globals";
import type { Template } from "aws-cdk-lib/assertions";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import type { UserPool } from "aws-cdk-lib/aws-cognito";
import { ROUTE_THROTTLE } from "../../infra/api";
import { environmentFromOutputs } from "../../infra/bootstrap-installation";
import { lambdaEntries } from "../../infra/bundling";
import type { TableDefinition } from "../../infra/data";
import { IMPORTER_RETRY_ATTEMPTS } from "../../infra/importer";
import { MAILER_RETRY_ATTEMPTS } from "../../infra/mailer";
import { OLDEST_DUE_EMAIL_SECONDS, SIGN_IN_FAILURE_SPIKE } from "../../infra/monitoring";
import { PASSWORD_RESETS_RETRY_ATTEMPTS } from "../../infra/password-resets";
import { accessOf, FUNCTION_ACCESS, fieldKeyActions, TABLE_READ, TABLE_WRITE } from "../../infra/permissions";
import type { ClienteleStack } from "../../infra/stack";
import { DELIVERER_RETRY_ATTEMPTS } from "../../infra/webhooks";
import { ROUTES } from "../../lib/api/catalog";
import { POOL_KEYS_ENV } from "../../lib/identity/pool-keys";
import {
  CLIENT_CUSTOM_ATTRIBUTES,
  PASSWORD_POLICY,
  STAFF_CUSTOM_ATTRIBUTES,
  STAFF_GROUPS,
  USER_WRITABLE_ATTRIBUTES,
} from "../../lib/identity/pools";
import { IMPORT_CHUNK_STREAM_FILTER } from "../../lib/imports/stream-filter";
import { OUTBOX_STREAM_FILTER } from "../../lib/mail/stream-filter";
import { UNDELIVERABLE_LOG_MESSAGE, UNDELIVERABLE_METRIC } from "../../lib/mail/undeliverable-metric";
import { BUSINESS_METRICS } from "../../lib/observability/metrics";
import { PASSWORD_RESET_REQUEST_STREAM_FILTER } from "../../lib/recovery/stream-filter";
import { TABLE } from "../../lib/store/table";
import { SWEEP_LOG_MESSAGE, WEBHOOK_METRICS } from "../../lib/webhooks/metrics";
import { WEBHOOK_EVENT_STREAM_FILTER } from "../../lib/webhooks/stream-filter";
import {
  asArray,
  buildStack,
  type CfnJson,
  DEPLOY_CONTEXT,
  iamStatements,
  logicalId,
  settleSockets,
} from "./synth-helpers";

// Synthesised in beforeAll, after the shared set-up's fetches (synthesis blocks the event loop for seconds).
let stack: ClienteleStack;
let template: Template;
let resources: Record<string, CfnJson>;
beforeAll(() => {
  ({ stack, template } = buildStack());
  resources = template.toJSON().Resources;
});
afterAll(settleSockets);

const fnId = (name: string) => logicalId(stack, stack.functions.get(name));
const fnProps = (name: string) => resources[fnId(name)]!.Properties;
const envOf = (name: string): Record<string, unknown> => fnProps(name).Environment.Variables;
const apiLambdas = [...new Set(ROUTES.map((r) => r.lambda))];
/** Functions on the table's stream, each with its own dead-letter queue. */
const STREAM_CONSUMERS = ["mailer", "importer", "webhooks", "password-resets"];
const mappingOf = (name: string) =>
  Object.values(template.findResources("AWS::Lambda::EventSourceMapping")).find(
    (m) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify({ Ref: fnId(name) }),
  )!;

describe("table", () => {
  test("keys, TTL, stream, PITR, deletion protection and encryption come from lib/store/table.ts", () => {
    template.resourceCountIs("AWS::DynamoDB::GlobalTable", 1);
    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: "HASH" },
        { AttributeName: TABLE.sortKey, KeyType: "RANGE" },
      ],
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      StreamSpecification: { StreamViewType: TABLE.streamView },
      SSESpecification: { SSEEnabled: true, SSEType: "KMS" },
      Replicas: [
        Match.objectLike({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      ],
    });
    const table = Object.values(template.findResources("AWS::DynamoDB::GlobalTable"))[0]!;
    expect(table.Properties.GlobalSecondaryIndexes ?? []).toHaveLength(TABLE.indexes.length);
    expect(table.DeletionPolicy).toBe("Retain");
  });

  test("every GSI of the definition is built, and IAM names each index instead of index/*", () => {
    const definition: TableDefinition = {
      ...TABLE,
      indexes: [
        { indexName: "byName", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
        { indexName: "byNumber", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
      ],
    };
    const { stack: s, template: t } = buildStack({}, { table: definition });
    t.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: "gsi1pk", AttributeType: "S" },
        { AttributeName: "gsi2sk", AttributeType: "S" },
      ]),
      GlobalSecondaryIndexes: definition.indexes.map((index) =>
        Match.objectLike({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: "HASH" },
            { AttributeName: index.sortKey, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        }),
      ),
    });
    const tableArn = { "Fn::GetAtt": [logicalId(s, s.data.table), "Arn"] };
    const dynamo = iamStatements(t).filter(({ statement }) => asArray(statement.Action).includes("dynamodb:GetItem"));
    expect(dynamo.length).toBeGreaterThan(0);
    for (const { statement } of dynamo) {
      expect(statement.Resource).toEqual([
        tableArn,
        ...definition.indexes.map((i) => ({ "Fn::Join": ["", [tableArn, `/index/${i.indexName}`]] })),
      ]);
    }
  });

  test("the custom-field key rotates and is kept", () => {
    template.hasResource("AWS::KMS::Key", { Properties: { EnableKeyRotation: true }, DeletionPolicy: "Retain" });
  });
});

describe("API", () => {
  const routes = () => Object.values(template.findResources("AWS::ApiGatewayV2::Route"));
  const functionOfRoute = (route: CfnJson): string => {
    const integrationId = route.Properties.Target["Fn::Join"][1][1].Ref as string;
    return resources[integrationId].Properties.IntegrationUri["Fn::GetAtt"][0];
  };

  test("every route of the catalog is an HTTP API route to its own function, plus $default to the fallback", () => {
    const byKey = new Map(routes().map((r) => [r.Properties.RouteKey as string, r]));
    for (const spec of ROUTES) {
      const route = byKey.get(`${spec.method} ${spec.path}`);
      expect({ route: `${spec.method} ${spec.path}`, present: route !== undefined }).toEqual({
        route: `${spec.method} ${spec.path}`,
        present: true,
      });
      expect(functionOfRoute(route!)).toBe(fnId(spec.lambda));
    }
    expect(functionOfRoute(byKey.get("$default")!)).toBe(fnId("fallback"));
    expect(routes()).toHaveLength(ROUTES.length + 1);
  });

  test("no route has an API Gateway authorizer: tokens are verified in the functions (see infra/api.ts)", () => {
    template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
    for (const route of routes()) expect(route.Properties.AuthorizationType ?? "NONE").toBe("NONE");
  });

  test("every non-public route's function can verify tokens of both pools (pool ids, app clients, issuer)", () => {
    const issuer = {
      "Fn::Join": ["", ["https://cognito-idp.", { Ref: "AWS::Region" }, ".", { Ref: "AWS::URLSuffix" }]],
    };
    const expected = {
      CLIENTELE_STAFF_POOL_ID: { Ref: logicalId(stack, stack.identity.staffPool) },
      CLIENTELE_STAFF_CLIENT_ID: { Ref: logicalId(stack, stack.identity.staffClient) },
      CLIENTELE_CLIENT_POOL_ID: { Ref: logicalId(stack, stack.identity.clientPool) },
      CLIENTELE_CLIENT_CLIENT_ID: { Ref: logicalId(stack, stack.identity.clientClient) },
      CLIENTELE_COGNITO_ISSUER_BASE: issuer,
      CLIENTELE_TABLE_NAME: { Ref: logicalId(stack, stack.data.table) },
    };
    const protectedRoutes = ROUTES.filter((r) => r.access !== "public");
    expect(protectedRoutes.length).toBeGreaterThan(0);
    for (const spec of protectedRoutes) {
      expect({ route: spec.operationId, env: envOf(spec.lambda) }).toEqual({
        route: spec.operationId,
        env: expect.objectContaining(expected),
      });
    }
  });

  test("the default stage throttles, tightens the abuse-prone routes and writes JSON access logs", () => {
    const stage = Object.values(template.findResources("AWS::ApiGatewayV2::Stage"));
    expect(stage).toHaveLength(1);
    const props = stage[0]!.Properties;
    expect(props.StageName).toBe("$default");
    expect(props.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 });
    for (const [key, limits] of Object.entries(ROUTE_THROTTLE)) {
      if (!ROUTES.some((r) => `${r.method} ${r.path}` === key)) continue;
      expect(props.RouteSettings[key]).toEqual({
        ThrottlingRateLimit: limits.rateLimit,
        ThrottlingBurstLimit: limits.burstLimit,
      });
    }
    expect(props.AccessLogSettings.DestinationArn).toEqual({
      "Fn::GetAtt": [logicalId(stack, stack.api.accessLogs), "Arn"],
    });
    expect(JSON.parse(props.AccessLogSettings.Format)).toMatchObject({
      requestId: "$context.requestId",
      status: "$context.status",
    });
  });

  test("throttling follows context", () => {
    const { template: t } = buildStack({ throttleRate: "7", throttleBurst: "9" });
    t.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 9 },
    });
  });

  test("CORS only for a signup form on another origin (context signupOrigin)", () => {
    const api = Object.values(template.findResources("AWS::ApiGatewayV2::Api"))[0]!;
    expect(api.Properties.CorsConfiguration).toBeUndefined();
    const { template: t } = buildStack({ signupOrigin: "https://join.example.org" });
    t.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ["https://join.example.org"],
        AllowMethods: Match.arrayWith(["GET", "POST"]),
      }),
    });
    expect(() => buildStack({ signupOrigin: "https://join.example.org/form" })).toThrow(/origin/);
  });

  test("one invoke permission per function, for this API only", () => {
    const permissions = Object.values(template.findResources("AWS::Lambda::Permission")).filter(
      (p) => p.Properties.Principal !== "events.amazonaws.com", // the sweeper's schedule, tested below
    );
    expect(permissions).toHaveLength(apiLambdas.length + 1);
    for (const p of permissions) {
      expect(p.Properties.Principal).toBe("apigateway.amazonaws.com");
      expect(JSON.stringify(p.Properties.SourceArn)).toContain(logicalId(stack, stack.api.httpApi));
    }
  });
});

describe("functions", () => {
  test("one function per route group, the fallback, the workers and sweepers, on Node.js 22 arm64 with source maps", () => {
    const built = [...stack.functions.byName.keys()].sort();
    expect(built).toEqual(
      lambdaEntries()
        .map((e) => e.name)
        .sort(),
    );
    expect(built).toEqual(expect.arrayContaining([...apiLambdas, "fallback", "mailer", "sweeper", "password-resets"]));
    for (const name of built) {
      expect(fnProps(name)).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
      expect(envOf(name).NODE_OPTIONS).toBe("--enable-source-maps");
    }
  });

  test("every log group has a retention", () => {
    const groups = Object.values(template.findResources("AWS::Logs::LogGroup"));
    expect(groups.length).toBe(stack.functions.byName.size + 1);
    for (const g of groups) expect(g.Properties.RetentionInDays).toBe(30);
    expect(resources[logicalId(stack, stack.api.accessLogs)].Properties.RetentionInDays).toBe(30);
    for (const name of stack.functions.byName.keys()) {
      const group = resources[fnProps(name).LoggingConfig.LogGroup.Ref];
      expect(group.Properties.RetentionInDays).toBe(30);
    }
  });

  test("the cursor secret reaches the functions as a Secrets Manager dynamic reference, never as a literal", () => {
    const withSecret = [...stack.functions.byName.keys()].filter((name) => accessOf(name).cursorSecret);
    expect(withSecret.length).toBeGreaterThan(0);
    for (const name of withSecret) {
      expect(envOf(name).CLIENTELE_CURSOR_SECRET).toEqual({
        "Fn::Join": [
          "",
          ["{{resolve:secretsmanager:", { Ref: logicalId(stack, stack.data.cursorSecret) }, ":SecretString:::}}"],
        ],
      });
    }
    for (const name of stack.functions.byName.keys()) {
      if (!accessOf(name).cursorSecret) expect(envOf(name).CLIENTELE_CURSOR_SECRET).toBeUndefined();
    }
  });

  test("every function knows the sign-in URL (emails, signup form): context, else <api url>/signin", () => {
    for (const name of [...stack.functions.byName.keys()].filter((n) => n !== "pool-keys")) {
      expect(envOf(name).CLIENTELE_SIGNIN_URL).toBe(DEPLOY_CONTEXT.signInUrl);
    }
    const printed = jest.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { stack: s, template: t } = buildStack({ signInUrl: "" });
      const env = t.toJSON().Resources[logicalId(s, s.functions.get("signup"))].Properties.Environment.Variables;
      expect(env.CLIENTELE_SIGNIN_URL).toEqual({
        "Fn::Join": ["", [{ "Fn::GetAtt": [logicalId(s, s.api.httpApi), "ApiEndpoint"] }, "/signin"]],
      });
    } finally {
      printed.mockRestore();
    }
  });

  test("the pools' keys are read once per deploy and reach every function that checks tokens, and only those", () => {
    const [keysId, keys] = Object.entries(resources).find(([, r]) => r.Type === "Custom::PoolKeys")!;
    expect(keys.Properties).toEqual({
      ServiceToken: { "Fn::GetAtt": [fnId("pool-keys"), "Arn"] },
      UserPoolIds: [
        { Ref: logicalId(stack, stack.identity.staffPool) },
        { Ref: logicalId(stack, stack.identity.clientPool) },
      ],
    });
    const apiFunctions = new Set<string>(ROUTES.map((r) => r.lambda));
    for (const name of stack.functions.byName.keys()) {
      const expected = apiFunctions.has(name) ? { "Fn::GetAtt": [keysId, "Keys"] } : undefined;
      expect({ name, keys: envOf(name)[POOL_KEYS_ENV] }).toEqual({ name, keys: expected });
    }
    // CloudFormation runs it while it deploys: nothing of the API (no cycle), no AWS access but its own log.
    expect(JSON.stringify(envOf("pool-keys"))).not.toMatch(/Api|SIGNIN/);
    expect(accessOf("pool-keys")).toEqual(accessOf("fallback"));
  });

  test("signup rate limits from context reach the functions; without context lib/config.ts's defaults apply", () => {
    expect(envOf("signup").CLIENTELE_SIGNUP_LIMIT_PER_IP).toBeUndefined();
    const { stack: s, template: t } = buildStack({ signupLimitPerIp: "50", signupLimitWindowSeconds: 600 });
    const env = t.toJSON().Resources[logicalId(s, s.functions.get("signup"))].Properties.Environment.Variables;
    expect(env).toMatchObject({ CLIENTELE_SIGNUP_LIMIT_PER_IP: "50", CLIENTELE_SIGNUP_LIMIT_WINDOW_SECONDS: "600" });
    expect(env.CLIENTELE_SIGNUP_LIMIT_PER_EMAIL).toBeUndefined();
    expect(() => buildStack({ signupLimitPerEmail: "1.5" })).toThrow(/whole number/);
  });

  test("functions that encrypt custom fields get the KMS key id; others do not", () => {
    for (const name of stack.functions.byName.keys()) {
      const env = envOf(name);
      if (accessOf(name).fieldKey === "none") expect(env.CLIENTELE_FIELD_KEY_ID).toBeUndefined();
      else expect(env.CLIENTELE_FIELD_KEY_ID).toEqual({ "Fn::GetAtt": [logicalId(stack, stack.data.fieldKey), "Arn"] });
    }
  });
});

describe("least privilege", () => {
  const statements = () => iamStatements(template);

  test("no IAM statement has a wildcard resource on DynamoDB (or anything else), nor a wildcard action", () => {
    for (const { policy, statement } of statements()) {
      for (const resource of asArray(statement.Resource)) {
        expect({ policy, resource }).not.toEqual({ policy, resource: "*" });
        if (asArray(statement.Action).some((a) => a.startsWith("dynamodb:"))) {
          expect({ policy, resource: JSON.stringify(resource) }).not.toEqual({
            policy,
            resource: expect.stringContaining("*"),
          });
        }
      }
      for (const action of asArray(statement.Action))
        expect({ policy, action }).not.toEqual({ policy, action: expect.stringContaining("*") });
    }
  });

  test("nobody may Scan the table", () => {
    for (const { statement } of statements()) expect(asArray(statement.Action)).not.toContain("dynamodb:Scan");
  });

  test("each function's role holds exactly what infra/permissions.ts grants it", () => {
    for (const [name, fn] of stack.functions.byName) {
      const role = logicalId(stack, fn.role!);
      const actions = statements()
        .filter(({ roles }) => JSON.stringify(roles) === JSON.stringify([{ Ref: role }]))
        .flatMap(({ statement }) => asArray(statement.Action));
      const access = accessOf(name);
      const table =
        access.table === "none" ? [] : access.table === "read" ? TABLE_READ : [...TABLE_READ, ...TABLE_WRITE];
      const consumesStream = STREAM_CONSUMERS.includes(name);
      const stream = consumesStream
        ? ["dynamodb:ListStreams", "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"]
        : [];
      const expected = [
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        ...table,
        ...access.clientPool,
        ...access.staffPool,
        ...fieldKeyActions(access.fieldKey),
        ...(access.sendEmail ? ["ses:SendEmail", "ses:SendRawEmail"] : []),
        ...stream,
        ...(consumesStream ? ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"] : []),
      ];
      expect({ name, actions: [...new Set(actions)].sort() }).toEqual({ name, actions: [...new Set(expected)].sort() });
    }
  });

  test("Cognito actions are scoped to their pool, KMS to the field key, SES to the identity and configuration set", () => {
    const clientPoolArn = { "Fn::GetAtt": [logicalId(stack, stack.identity.clientPool), "Arn"] };
    const staffPoolArn = { "Fn::GetAtt": [logicalId(stack, stack.identity.staffPool), "Arn"] };
    const staffPoolActions = new Set(Object.values(FUNCTION_ACCESS).flatMap((access) => access.staffPool));
    const keyArn = { "Fn::GetAtt": [logicalId(stack, stack.data.fieldKey), "Arn"] };
    for (const { statement } of statements()) {
      const actions = asArray(statement.Action);
      if (actions.some((a) => a.startsWith("cognito-idp:"))) {
        if (JSON.stringify(statement.Resource) === JSON.stringify(staffPoolArn)) {
          expect(actions.filter((a) => !staffPoolActions.has(a))).toEqual([]);
        } else {
          expect(statement.Resource).toEqual(clientPoolArn);
        }
      }
      if (actions.some((a) => a.startsWith("kms:"))) expect(statement.Resource).toEqual(keyArn);
      if (actions.some((a) => a.startsWith("ses:"))) {
        const text = JSON.stringify(statement.Resource);
        expect(text).toContain(logicalId(stack, stack.email.identity));
        expect(text).toContain(logicalId(stack, stack.email.configurationSet));
      }
    }
  });
});

describe("identity", () => {
  const pool = (construct: UserPool): CfnJson => resources[logicalId(stack, construct)];

  test("both pools: the shared password policy, no self sign-up, case-insensitive usernames, kept on delete", () => {
    for (const p of [pool(stack.identity.staffPool), pool(stack.identity.clientPool)]) {
      expect(p.Properties.Policies.PasswordPolicy).toMatchObject({
        MinimumLength: PASSWORD_POLICY.minimumLength,
        RequireLowercase: PASSWORD_POLICY.requireLowercase,
        RequireUppercase: PASSWORD_POLICY.requireUppercase,
        RequireNumbers: PASSWORD_POLICY.requireNumbers,
        RequireSymbols: PASSWORD_POLICY.requireSymbols,
      });
      expect(p.Properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
      expect(p.Properties.UsernameConfiguration.CaseSensitive).toBe(false);
      expect(p.Properties.DeletionProtection).toBe("ACTIVE");
      expect(p.DeletionPolicy).toBe("Retain");
    }
  });

  test("tenant and client attributes are immutable (nobody rewrites them, not even with an admin call)", () => {
    const customOf = (p: CfnJson) =>
      (p.Properties.Schema as { Name: string; Mutable: boolean }[])
        .filter((a) => a.Name !== "email")
        .map((a) => [a.Name, a.Mutable]);
    expect(customOf(pool(stack.identity.staffPool))).toEqual(STAFF_CUSTOM_ATTRIBUTES.map((n) => [n, false]));
    expect(customOf(pool(stack.identity.clientPool))).toEqual(CLIENT_CUSTOM_ATTRIBUTES.map((n) => [n, false]));
    const groups = Object.values(template.findResources("AWS::Cognito::UserPoolGroup"));
    expect(groups.map((g) => g.Properties.GroupName).sort()).toEqual([...STAFF_GROUPS].sort());
    for (const g of groups)
      expect(g.Properties.UserPoolId).toEqual({ Ref: logicalId(stack, stack.identity.staffPool) });
  });

  test("staff: optional TOTP MFA and Plus threat protection; clients: Essentials", () => {
    expect(pool(stack.identity.staffPool).Properties).toMatchObject({
      MfaConfiguration: "OPTIONAL",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
      UserPoolTier: "PLUS",
      UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" },
    });
    expect(pool(stack.identity.clientPool).Properties).toMatchObject({
      MfaConfiguration: "OFF",
      UserPoolTier: "ESSENTIALS",
    });
  });

  test("app clients: USER_PASSWORD_AUTH + refresh, revocable tokens, no secret, an explicit write list without custom attributes", () => {
    const clients = Object.values(template.findResources("AWS::Cognito::UserPoolClient"));
    expect(clients).toHaveLength(2);
    for (const c of clients) {
      expect(c.Properties).toMatchObject({
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        EnableTokenRevocation: true,
        GenerateSecret: false,
        PreventUserExistenceErrors: "ENABLED",
        WriteAttributes: [...USER_WRITABLE_ATTRIBUTES],
      });
      // An empty list would leave every attribute writable with the user's own access token.
      expect(c.Properties.WriteAttributes.length).toBeGreaterThan(0);
      expect(c.Properties.WriteAttributes.filter((a: string) => a.startsWith("custom:"))).toEqual([]);
    }
  });
});

describe("email and the mailer", () => {
  test("the mailer consumes the stream with the shared outbox filter, retries, bisects, and dead-letters to SQS", () => {
    const queueId = logicalId(stack, stack.mailer!.deadLetterQueue);
    template.resourceCountIs("AWS::Lambda::EventSourceMapping", STREAM_CONSUMERS.length);
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: fnId("mailer") },
      EventSourceArn: { "Fn::GetAtt": [logicalId(stack, stack.data.table), "StreamArn"] },
      StartingPosition: "TRIM_HORIZON",
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: MAILER_RETRY_ATTEMPTS,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queueId, "Arn"] } } },
    });
    const filters = mappingOf("mailer").Properties.FilterCriteria.Filters as { Pattern: string }[];
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([OUTBOX_STREAM_FILTER]);
  });

  test("the import worker takes one pending chunk at a time from the stream, retries, and dead-letters to SQS", () => {
    const queueId = logicalId(stack, stack.importer!.deadLetterQueue);
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: fnId("importer") },
      EventSourceArn: { "Fn::GetAtt": [logicalId(stack, stack.data.table), "StreamArn"] },
      BatchSize: 1,
      MaximumRetryAttempts: IMPORTER_RETRY_ATTEMPTS,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queueId, "Arn"] } } },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(IMPORT_CHUNK_STREAM_FILTER) }] },
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queueId, "QueueName"] } }],
    });
  });

  test("the dead-letter queue is encrypted, TLS-only, and alarms as soon as it holds a message", () => {
    const queueId = logicalId(stack, stack.mailer!.deadLetterQueue);
    template.hasResourceProperties("AWS::SQS::Queue", { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      PolicyDocument: {
        Statement: [Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })],
      },
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queueId, "QueueName"] } }],
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      AlarmActions: [{ Ref: logicalId(stack, stack.monitoring.topic) }],
    });
  });

  test("the sweeper runs every 5 minutes from an EventBridge rule, and alarms when it keeps failing", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(5 minutes)",
      State: "ENABLED",
      Targets: [
        Match.objectLike({
          Arn: { "Fn::GetAtt": [fnId("sweeper"), "Arn"] },
          RetryPolicy: { MaximumRetryAttempts: 0 },
        }),
      ],
    });
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      FunctionName: { "Fn::GetAtt": [fnId("sweeper"), "Arn"] },
      Principal: "events.amazonaws.com",
      SourceArn: { "Fn::GetAtt": [logicalId(stack, stack.mailer!.sweepSchedule), "Arn"] },
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Dimensions: [{ Name: "FunctionName", Value: { Ref: fnId("sweeper") } }],
      AlarmActions: [{ Ref: logicalId(stack, stack.monitoring.topic) }],
    });
  });

  test("undeliverable emails are counted from the mailer's and sweeper's log line, and one alarms", () => {
    const filters = Object.values(template.findResources("AWS::Logs::MetricFilter")).filter((f) =>
      f.Properties.FilterPattern.includes(UNDELIVERABLE_LOG_MESSAGE),
    );
    const logGroupOf = (name: string) => fnProps(name).LoggingConfig.LogGroup;
    expect(filters.map((f) => f.Properties.LogGroupName).sort()).toEqual(
      [logGroupOf("mailer"), logGroupOf("sweeper")].sort(),
    );
    for (const filter of filters) {
      expect(filter.Properties).toMatchObject({
        FilterPattern: `{ $.message = "${UNDELIVERABLE_LOG_MESSAGE}" }`,
        MetricTransformations: [
          { MetricNamespace: UNDELIVERABLE_METRIC.namespace, MetricName: UNDELIVERABLE_METRIC.name, MetricValue: "1" },
        ],
      });
    }
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: UNDELIVERABLE_METRIC.namespace,
      MetricName: UNDELIVERABLE_METRIC.name,
      Statistic: "Sum",
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
      AlarmActions: [{ Ref: logicalId(stack, stack.monitoring.topic) }],
    });
  });

  test("an alarm on the API's 5xx", () => {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/ApiGateway",
      MetricName: "5xx",
      Dimensions: [{ Name: "ApiId", Value: { Ref: logicalId(stack, stack.api.httpApi) } }],
      Threshold: 1,
    });
  });

  test("the mailer sends from the context's address, links to the sign-in URL, through an identity with a default configuration set", () => {
    expect(envOf("mailer")).toMatchObject({
      CLIENTELE_FROM_ADDRESS: "no-reply@mail.example.org",
      CLIENTELE_SIGNIN_URL: "https://portal.example.org/login",
    });
    template.hasResourceProperties("AWS::SES::EmailIdentity", {
      EmailIdentity: "no-reply@mail.example.org",
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalId(stack, stack.email.configurationSet) } },
    });
    template.hasResourceProperties("AWS::SES::ConfigurationSet", {
      SuppressionOptions: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
    });
  });

  test("a domain from context becomes a DKIM-signed domain identity, its records output for DNS", () => {
    const { template: t, stack: s } = buildStack({ domain: "example.org", fromAddress: "" });
    t.hasResourceProperties("AWS::SES::EmailIdentity", { EmailIdentity: "example.org" });
    const env = t.toJSON().Resources[logicalId(s, s.functions.get("mailer"))].Properties.Environment.Variables;
    expect(env.CLIENTELE_FROM_ADDRESS).toBe("no-reply@example.org");
    for (const n of [1, 2, 3]) t.hasOutput(`DkimRecord${n}`, {});
    expect(() => buildStack({ domain: "example.org", fromAddress: "me@elsewhere.net" })).toThrow(
      /not in the SES domain/,
    );
    expect(() => buildStack({ fromAddress: "not-an-address" })).toThrow(/not an email address/);
  });

  test("without a sender or sign-in URL, synth still works and warns", () => {
    const printed = jest.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { stack: s } = buildStack({ fromAddress: "", signInUrl: "" });
      const annotations = Annotations.fromStack(s);
      annotations.hasWarning("*", Match.stringLikeRegexp("No -c domain=.* or -c fromAddress="));
      annotations.hasWarning("*", Match.stringLikeRegexp("No -c signInUrl="));
    } finally {
      printed.mockRestore();
    }
  });
});

test("outputs: API, signup and sign-in URLs, pool and app client ids, table", () => {
  const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
  for (const name of [
    "ApiUrl",
    "SignupUrl",
    "SignInUrl",
    "DocsUrl",
    "StaffUserPoolId",
    "StaffClientId",
    "ClientUserPoolId",
    "ClientClientId",
    "TableName",
    "MailerDeadLetterQueueUrl",
  ]) {
    expect(outputs[name]).toBeDefined();
  }
  // infra/bootstrap-installation.ts finds everything it needs in them.
  const file = { Clientele: Object.fromEntries(Object.keys(outputs).map((key) => [key, `value-of-${key}`])) };
  expect(environmentFromOutputs(file)).toMatchObject({
    AWS_REGION: "value-of-Region",
    CLIENTELE_TABLE_NAME: "value-of-TableName",
    CLIENTELE_STAFF_POOL_ID: "value-of-StaffUserPoolId",
    CLIENTELE_FIELD_KEY_ID: "value-of-FieldKeyArn",
  });
  expect(() => environmentFromOutputs({ Clientele: {} })).toThrow(/no Region/);
  expect(outputs.StaffUserPoolId!.Value).toEqual({ Ref: logicalId(stack, stack.identity.staffPool) });
  expect(JSON.stringify(outputs.SignupUrl!.Value)).toContain("/signup");
  expect(JSON.stringify(outputs.SignInUrl!.Value)).toContain("/signin");
});

describe("operations: dashboard and alarms", () => {
  /** The dashboard body with its tokens resolved to their logical ids, as one string. */
  const dashboardBody = (): string => {
    const dashboards = Object.values(template.findResources("AWS::CloudWatch::Dashboard"));
    expect(dashboards).toHaveLength(1);
    const body = dashboards[0]!.Properties.DashboardBody;
    const parts: unknown[] = body["Fn::Join"] ? body["Fn::Join"][1] : [body];
    return parts.map((part) => (typeof part === "string" ? part : JSON.stringify(part))).join("");
  };
  const alarms = () => Object.entries(template.findResources("AWS::CloudWatch::Alarm"));

  test("the password-reset worker takes new forgot-password requests from the stream, reports failed ones, and dead-letters to SQS", () => {
    const queueId = logicalId(stack, stack.passwordResets!.deadLetterQueue);
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: fnId("password-resets") },
      EventSourceArn: { "Fn::GetAtt": [logicalId(stack, stack.data.table), "StreamArn"] },
      StartingPosition: "TRIM_HORIZON",
      MaximumRetryAttempts: PASSWORD_RESETS_RETRY_ATTEMPTS,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queueId, "Arn"] } } },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(PASSWORD_RESET_REQUEST_STREAM_FILTER) }] },
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queueId, "QueueName"] } }],
    });
    // Its grants: the table and a new data key to seal the link's token; no Cognito, no Decrypt, no SES.
    expect(accessOf("password-resets")).toEqual({
      table: "readWrite",
      clientPool: [],
      staffPool: [],
      fieldKey: "encrypt",
      cursorSecret: false,
      sendEmail: false,
    });
  });

  test("one dashboard: API, every function, the table, backlog and dead letters, every business metric", () => {
    const body = dashboardBody();
    for (const metric of ["Count", "4xx", "5xx", "Latency"]) expect(body).toContain(`"AWS/ApiGateway","${metric}"`);
    expect(body).toContain('"stat":"p50"');
    expect(body).toContain('"stat":"p99"');
    for (const name of stack.functions.byName.keys()) {
      const ref = JSON.stringify({ Ref: fnId(name) });
      for (const metric of ["Invocations", "Errors", "Throttles", "Duration"]) {
        expect(body).toContain(`"AWS/Lambda","${metric}","FunctionName","${ref}"`);
      }
    }
    // Cold starts, from every function's REPORT lines.
    expect(body).toContain("ispresent(@initDuration)");
    for (const name of stack.functions.byName.keys()) {
      expect(body).toContain(JSON.stringify({ Ref: fnProps(name).LoggingConfig.LogGroup.Ref }));
    }
    for (const metric of ["ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits", "ThrottledRequests"]) {
      expect(body).toContain(`"AWS/DynamoDB","${metric}"`);
    }
    for (const queue of [
      stack.mailer!.deadLetterQueue,
      stack.importer!.deadLetterQueue,
      stack.webhooks!.deadLetterQueue,
      stack.passwordResets!.deadLetterQueue,
    ]) {
      expect(body).toContain(
        `"ApproximateNumberOfMessagesVisible","QueueName","${JSON.stringify({ "Fn::GetAtt": [logicalId(stack, queue), "QueueName"] })}"`,
      );
    }
    for (const metric of ["WebhookDeliveriesFailed", "WebhookOldestDueAgeSeconds"]) {
      expect(body).toContain(`"Clientele","${metric}"`);
    }
    for (const fn of [
      stack.functions.get("mailer"),
      stack.functions.get("importer"),
      stack.functions.get("webhooks"),
      stack.functions.get("password-resets"),
    ]) {
      expect(body).toContain(`"IteratorAge","FunctionName","${JSON.stringify({ Ref: logicalId(stack, fn) })}"`);
    }
    for (const [name, { dimension }] of Object.entries(BUSINESS_METRICS)) {
      if (name === "OldestDueEmailAgeSeconds") {
        expect(body).toContain('"Clientele","OldestDueEmailAgeSeconds","service","clientele"');
      } else if (!name.startsWith("Webhook")) {
        // Webhook metrics join with the deliverer's row (infra/dashboard.ts webhookRow).
        const schema = ["Clientele", "service", ...(dimension ? [dimension] : [])].join(",");
        expect(body).toContain(`SEARCH('{${schema}} MetricName=\\"${name}\\"'`);
      }
    }
  });

  test("per route group (the function serving its routes): requests, 4xx, 5xx and latency p50/p99 from the access log", () => {
    // The body as the dashboard gets it, each token standing in for a string: a Ref by its logical id.
    const dashboard = Object.values(template.findResources("AWS::CloudWatch::Dashboard"))[0]!;
    const parts: unknown[] = dashboard.Properties.DashboardBody["Fn::Join"][1];
    const text = parts.map((part) => (typeof part === "string" ? part : ((part as { Ref?: string }).Ref ?? "TOKEN")));
    const { widgets } = JSON.parse(text.join("")) as {
      widgets: { type: string; properties: { title?: string; query?: string } }[];
    };
    const accessLogs = logicalId(stack, stack.api.accessLogs);
    const groups = new Map<string, string[]>();
    for (const spec of ROUTES)
      groups.set(spec.lambda, [...(groups.get(spec.lambda) ?? []), `${spec.method} ${spec.path}`]);
    for (const [group, keys] of groups) {
      const queryOf = (title: string) => widgets.find((w) => w.type === "log" && w.properties.title === title);
      const counts = queryOf(`${group} (${keys.length} routes): requests, 4xx, 5xx`);
      const latency = queryOf(`${group}: latency (ms)`);
      expect({ group, counts: Boolean(counts), latency: Boolean(latency) }).toEqual({
        group,
        counts: true,
        latency: true,
      });
      for (const widget of [counts!, latency!]) {
        const [source, filter, stats] = widget.properties.query!.split(/\s*\|\s*/);
        expect(source).toBe(`SOURCE '${accessLogs}'`);
        // Exactly the group's routes, each by the route key the access log writes.
        expect(JSON.parse(filter!.replace(/^filter routeKey in /, ""))).toEqual(keys);
        expect(stats).toMatch(/ by bin\(5m\)$/);
      }
      expect(counts!.properties.query).toContain("count(*) as requests");
      expect(counts!.properties.query).toContain("sum(status >= 500) as http5xx");
      expect(latency!.properties.query).toContain("pct(latencyMs, 50) as p50, pct(latencyMs, 99) as p99");
    }
    // Every route of the catalog is in exactly one group.
    expect([...groups.values()].flat().sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  test("every alarm notifies the alarm topic", () => {
    expect(alarms().length).toBe(stack.monitoring.alarms.length);
    for (const [, alarm] of alarms()) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: logicalId(stack, stack.monitoring.topic) }]);
    }
  });

  test("alarms on throttling of every function and of the table", () => {
    for (const name of stack.functions.byName.keys()) {
      template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        Namespace: "AWS/Lambda",
        MetricName: "Throttles",
        Dimensions: [{ Name: "FunctionName", Value: { Ref: fnId(name) } }],
        Threshold: 1,
      });
    }
    const table = alarms().find(([id]) => id.includes("TableThrottles"))![1];
    const used = table.Properties.Metrics.filter((m: CfnJson) => m.MetricStat);
    expect(used.length).toBeLessThanOrEqual(10);
    for (const m of used) expect(m.MetricStat.Metric.MetricName).toBe("ThrottledRequests");
  });

  test("alarms on failed sign-in spikes, 503 busy answers, the oldest due email and the API's p99 latency", () => {
    const byId = new Map(alarms().map(([id, alarm]) => [id.replace(/[0-9A-F]{8}$/, ""), alarm.Properties]));
    const find = (id: string) => [...byId].find(([key]) => key.endsWith(id))![1];
    const metricsOf = (props: CfnJson) =>
      props.Metrics.filter((m: CfnJson) => m.MetricStat).map((m: CfnJson) => m.MetricStat.Metric);
    expect(find("SignInsFailedSpike").Threshold).toBe(SIGN_IN_FAILURE_SPIKE);
    expect(metricsOf(find("SignInsFailedSpike"))).toEqual(
      expect.arrayContaining([
        {
          Namespace: "Clientele",
          MetricName: "SignInsFailed",
          Dimensions: expect.arrayContaining([{ Name: "audience", Value: "staff" }]),
        },
        {
          Namespace: "Clientele",
          MetricName: "SignInsFailed",
          Dimensions: expect.arrayContaining([{ Name: "audience", Value: "client" }]),
        },
      ]),
    );
    expect(metricsOf(find("ApiBusy")).map((m: CfnJson) => m.Dimensions)).toEqual(
      expect.arrayContaining([
        expect.arrayContaining([{ Name: "cause", Value: "throttling" }]),
        expect.arrayContaining([{ Name: "cause", Value: "conflict" }]),
      ]),
    );
    expect(find("OldestDueEmail")).toMatchObject({
      Namespace: "Clientele",
      MetricName: "OldestDueEmailAgeSeconds",
      Dimensions: [{ Name: "service", Value: "clientele" }],
      Statistic: "Maximum",
      Threshold: OLDEST_DUE_EMAIL_SECONDS,
    });
    expect(find("ApiLatencyP99")).toMatchObject({
      MetricName: "Latency",
      ExtendedStatistic: "p99",
      EvaluationPeriods: 3,
    });
  });
});

describe("webhooks", () => {
  test("the deliverer consumes the stream with the shared event filter, reports partial failures, and dead-letters", () => {
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: fnId("webhooks") },
      EventSourceArn: { "Fn::GetAtt": [logicalId(stack, stack.data.table), "StreamArn"] },
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: DELIVERER_RETRY_ATTEMPTS,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      DestinationConfig: {
        OnFailure: { Destination: { "Fn::GetAtt": [logicalId(stack, stack.webhooks!.deadLetterQueue), "Arn"] } },
      },
    });
    const filters = mappingOf("webhooks").Properties.FilterCriteria.Filters as { Pattern: string }[];
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([WEBHOOK_EVENT_STREAM_FILTER]);
  });

  test("the sweeper runs every minute; alarms on dead letters, errors, given-up deliveries and the oldest due age", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 minute)",
      Targets: [Match.objectLike({ Arn: { "Fn::GetAtt": [fnId("webhook-sweeper"), "Arn"] } })],
    });
    const topic = [{ Ref: logicalId(stack, stack.monitoring.topic) }];
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/SQS",
      Dimensions: [
        {
          Name: "QueueName",
          Value: { "Fn::GetAtt": [logicalId(stack, stack.webhooks!.deadLetterQueue), "QueueName"] },
        },
      ],
      AlarmActions: topic,
    });
    for (const name of ["webhooks", "webhook-sweeper"]) {
      template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        MetricName: "Errors",
        Dimensions: [{ Name: "FunctionName", Value: { Ref: fnId(name) } }],
        AlarmActions: topic,
      });
    }
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: WEBHOOK_METRICS.namespace,
      MetricName: WEBHOOK_METRICS.failed,
      AlarmActions: topic,
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: WEBHOOK_METRICS.namespace,
      MetricName: WEBHOOK_METRICS.oldestDueAge,
      Statistic: "Maximum",
      TreatMissingData: "breaching",
      AlarmActions: topic,
    });
    template.hasResourceProperties("AWS::Logs::MetricFilter", {
      LogGroupName: fnProps("webhook-sweeper").LoggingConfig.LogGroup,
      FilterPattern: `{ $.message = "${SWEEP_LOG_MESSAGE}" }`,
      MetricTransformations: [Match.objectLike({ MetricValue: "$.oldestDueAgeSeconds" })],
    });
  });

  test("no function may send webhooks to localhost: the stack never sets the local setting", () => {
    for (const name of stack.functions.byName.keys()) {
      expect([name, envOf(name).CLIENTELE_WEBHOOKS_ALLOW_LOCALHOST]).toEqual([name, undefined]);
    }
    expect(JSON.stringify(template.toJSON())).not.toContain("CLIENTELE_WEBHOOKS_ALLOW_LOCALHOST");
  });

  test("the deliverer may unseal secrets but not seal them; the API seals them but never unseals", () => {
    expect(accessOf("webhooks").fieldKey).toBe("decrypt");
    expect(accessOf("webhook-sweeper").fieldKey).toBe("decrypt");
    expect(accessOf("settings").fieldKey).toBe("encrypt");
  });
});
