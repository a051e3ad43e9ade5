import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolGroup,
} from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import {
  CLIENT_CUSTOM_ATTRIBUTES,
  PASSWORD_POLICY,
  REFRESH_TOKEN_DAYS,
  STAFF_CUSTOM_ATTRIBUTES,
  STAFF_GROUPS,
  USER_WRITABLE_ATTRIBUTES,
} from "../lib/identity/pools";

/**
 * The two user pools. Both follow lib/identity/pools.ts (password policy,
 * groups, custom attributes), as the local bootstrap does. Nobody signs up to
 * Cognito directly: staff are created by an admin, clients by the API
 * (AdminCreateUser), so self sign-up is off in both pools.
 */
export class Identity extends Construct {
  readonly staffPool: UserPool;
  readonly staffClient: UserPoolClient;
  readonly clientPool: UserPool;
  readonly clientClient: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;

    this.staffPool = new UserPool(this, "StaffPool", {
      userPoolName: `${stackName}-staff`,
      ...commonPoolProps(STAFF_CUSTOM_ATTRIBUTES),
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Few users, high privilege: the Plus plan's threat protection logs risky and compromised-credential
      // sign-ins. Audit only: sign-in runs server side in the API function, so Cognito sees Lambda's
      // addresses rather than the user's, and enforcing adaptive authentication could lock staff out.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.AUDIT_ONLY,
    });
    for (const group of STAFF_GROUPS) {
      new UserPoolGroup(this, `StaffGroup-${group}`, {
        userPool: this.staffPool,
        groupName: group,
        description: group === "admin" ? "Manages company settings, groups, fields and templates" : "Manages clients",
      });
    }

    this.clientPool = new UserPool(this, "ClientPool", {
      userPoolName: `${stackName}-clients`,
      ...commonPoolProps(CLIENT_CUSTOM_ATTRIBUTES),
      mfa: Mfa.OFF,
      accountRecovery: AccountRecovery.NONE,
      featurePlan: FeaturePlan.ESSENTIALS,
    });

    this.staffClient = addAppClient(this.staffPool, "StaffApp", `${stackName}-staff-api`);
    this.clientClient = addAppClient(this.clientPool, "ClientApp", `${stackName}-clients-api`);
  }
}

function commonPoolProps(customAttributes: readonly string[]) {
  return {
    selfSignUpEnabled: false,
    signInAliases: { username: true },
    // Usernames are unique case-insensitively (api.md).
    signInCaseSensitive: false,
    passwordPolicy: {
      minLength: PASSWORD_POLICY.minimumLength,
      requireLowercase: PASSWORD_POLICY.requireLowercase,
      requireUppercase: PASSWORD_POLICY.requireUppercase,
      requireDigits: PASSWORD_POLICY.requireNumbers,
      requireSymbols: PASSWORD_POLICY.requireSymbols,
      tempPasswordValidity: Duration.days(3),
    },
    standardAttributes: { email: { required: false, mutable: true } },
    customAttributes: Object.fromEntries(
      customAttributes.map((name) => [name, new StringAttribute({ mutable: false })]),
    ),
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}

/**
 * The API's app client: USER_PASSWORD_AUTH (the API signs users in with their
 * password) plus refresh tokens, revocable. No secret (the API calls
 * InitiateAuth without a SECRET_HASH). The write list is explicit and holds
 * only `locale` (an empty list leaves every attribute writable); the custom
 * attributes are immutable besides, and the API never reads them anyway.
 */
function addAppClient(pool: UserPool, id: string, name: string): UserPoolClient {
  return pool.addClient(id, {
    userPoolClientName: name,
    generateSecret: false,
    authFlows: { userPassword: true },
    enableTokenRevocation: true,
    preventUserExistenceErrors: true,
    disableOAuth: true,
    idTokenValidity: Duration.hours(1),
    accessTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.days(REFRESH_TOKEN_DAYS),
    writeAttributes: new ClientAttributes().withStandardAttributes(
      Object.fromEntries(USER_WRITABLE_ATTRIBUTES.map((name) => [name, true])),
    ),
  });
}
