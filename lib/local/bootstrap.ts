import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { createCompany } from "../companies/create-company";
import { config } from "../config";
import {
  CLIENT_CUSTOM_ATTRIBUTES,
  PASSWORD_POLICY,
  STAFF_CUSTOM_ATTRIBUTES,
  STAFF_GROUPS,
  USER_WRITABLE_ATTRIBUTES,
} from "../identity/pools";
import { ensureCompanyAdmin } from "../staff/staff-members";
import { db } from "../store/client";
import { isConditionFailure } from "../store/errors";
import { keys } from "../store/keys";
import { TABLE } from "../store/table";

export interface PoolIds {
  staffPoolId: string;
  staffClientId: string;
  clientPoolId: string;
  clientClientId: string;
}

/** Creates the table, or adds the indexes the definition has gained since it was created. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const existing = await client.send(new DescribeTableCommand({ TableName: tableName })).catch((error) => {
    if (error.name === "ResourceNotFoundException") return undefined;
    throw error;
  });
  if (!existing) {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: attributeDefinitions(),
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: "HASH" },
          { AttributeName: TABLE.sortKey, KeyType: "RANGE" },
        ],
        ...(TABLE.indexes.length > 0 ? { GlobalSecondaryIndexes: TABLE.indexes.map(toGsi) } : {}),
        StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.streamView },
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      }),
    );
    return;
  }
  const present = new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  for (const index of TABLE.indexes.filter((i) => !present.has(i.indexName))) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: attributeDefinitions(),
        GlobalSecondaryIndexUpdates: [{ Create: toGsi(index) }],
      }),
    );
  }
}

function attributeDefinitions(): AttributeDefinition[] {
  const names = new Set<string>([TABLE.partitionKey, TABLE.sortKey]);
  for (const index of TABLE.indexes) {
    names.add(index.partitionKey);
    names.add(index.sortKey);
  }
  return [...names].map((AttributeName) => ({ AttributeName, AttributeType: "S" }));
}

function toGsi(index: (typeof TABLE.indexes)[number]): GlobalSecondaryIndex {
  return {
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: "HASH" },
      { AttributeName: index.sortKey, KeyType: "RANGE" },
    ],
    Projection: { ProjectionType: "ALL" },
  };
}

/** Reuses the pools recorded in `stateFile` while the emulator still knows them; else creates both. */
export async function ensurePools(client: CognitoIdentityProviderClient, stateFile: string): Promise<PoolIds> {
  if (existsSync(stateFile)) {
    const saved = JSON.parse(readFileSync(stateFile, "utf8")) as PoolIds;
    const alive = await Promise.all(
      [saved.staffPoolId, saved.clientPoolId].map((UserPoolId) =>
        client.send(new DescribeUserPoolCommand({ UserPoolId })).then(
          () => true,
          () => false,
        ),
      ),
    );
    if (alive.every(Boolean)) return saved;
  }
  const staff = await createPool(client, "clientele-staff", STAFF_CUSTOM_ATTRIBUTES);
  for (const GroupName of STAFF_GROUPS) {
    await client.send(new CreateGroupCommand({ UserPoolId: staff.poolId, GroupName }));
  }
  const clients = await createPool(client, "clientele-clients", CLIENT_CUSTOM_ATTRIBUTES);
  const ids: PoolIds = {
    staffPoolId: staff.poolId,
    staffClientId: staff.clientId,
    clientPoolId: clients.poolId,
    clientClientId: clients.clientId,
  };
  writeFileSync(stateFile, `${JSON.stringify(ids, null, 2)}\n`);
  return ids;
}

async function createPool(client: CognitoIdentityProviderClient, name: string, customAttributes: readonly string[]) {
  const { UserPool } = await client.send(
    new CreateUserPoolCommand({
      PoolName: name,
      Policies: {
        PasswordPolicy: {
          MinimumLength: PASSWORD_POLICY.minimumLength,
          RequireLowercase: PASSWORD_POLICY.requireLowercase,
          RequireUppercase: PASSWORD_POLICY.requireUppercase,
          RequireNumbers: PASSWORD_POLICY.requireNumbers,
          RequireSymbols: PASSWORD_POLICY.requireSymbols,
        },
      },
      // Written once by the API at creation, for operators; never read to decide who a token is.
      Schema: customAttributes.map((Name) => ({ Name, AttributeDataType: "String", Mutable: false })),
    }),
  );
  const poolId = UserPool!.Id!;
  const { UserPoolClient } = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: `${name}-app`,
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      WriteAttributes: [...USER_WRITABLE_ATTRIBUTES],
    }),
  );
  return { poolId, clientId: UserPoolClient!.ClientId! };
}

export interface InstallationInput {
  companyName: string;
  adminUsername: string;
  adminPassword: string;
  adminEmail: string;
}

/** The default company (recorded in the installation item) and its admin; returns the company id. */
export async function ensureInstallation(input: InstallationInput): Promise<string> {
  const table = config().tableName;
  const { Item } = await db().send(new GetCommand({ TableName: table, Key: keys.installation() }));
  let companyId = Item?.defaultCompanyId as string | undefined;
  if (!companyId) {
    const company = await createCompany({ name: input.companyName });
    companyId = company.id;
    try {
      await db().send(
        new PutCommand({
          TableName: table,
          Item: { ...keys.installation(), itemType: "installation", defaultCompanyId: companyId },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return ensureInstallation(input);
    }
  } else {
    await createCompany({ id: companyId, name: input.companyName });
  }
  await ensureCompanyAdmin({
    companyId,
    username: input.adminUsername,
    email: input.adminEmail,
    password: input.adminPassword,
    role: "admin",
  });
  return companyId;
}

export function stateFilePath(dataDir: string): string {
  return join(dataDir, "stack.json");
}
