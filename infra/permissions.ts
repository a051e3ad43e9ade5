/**
 * What each Lambda function may do, in one reviewable table. The stack turns
 * each row into IAM statements on named resources only: the table and its
 * indexes by ARN (no `*`, no `index/*`), the client pool by ARN, the field key
 * by ARN, the SES identity and configuration set by ARN.
 *
 * A function that starts using a new AWS call needs its row changed here (the
 * local stack does not check IAM, so only a cloud deploy would notice).
 * test/infra/synth.test.ts reads the AWS SDK commands each bundle contains and
 * fails when a row lacks one; for the field key it wants the row to be exactly
 * what the bundle can call (see infra/README.md, "Permissions").
 */

/** DynamoDB data-plane actions. Transactions are authorised per item with these same actions. */
export const TABLE_READ = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:ConditionCheckItem",
];
export const TABLE_WRITE = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
];
// No dynamodb:Scan for anyone: every access pattern is a key lookup or a Query (lib/store).

export type TableAccess = "none" | "read" | "readWrite";

/**
 * Envelope encryption of custom fields (lib/crypto/key-provider.ts): a new data
 * key per write (GenerateDataKey), and unwrapping a stored one to read (Decrypt).
 * The two are separate functions, so a bundle contains only the calls its code uses.
 */
export type FieldKeyAccess = "none" | "encrypt" | "decrypt" | "encryptDecrypt";
export const FIELD_KEY_ENCRYPT = ["kms:GenerateDataKey"];
export const FIELD_KEY_DECRYPT = ["kms:Decrypt"];

export function fieldKeyActions(access: FieldKeyAccess): string[] {
  switch (access) {
    case "none":
      return [];
    case "encrypt":
      return [...FIELD_KEY_ENCRYPT];
    case "decrypt":
      return [...FIELD_KEY_DECRYPT];
    case "encryptDecrypt":
      return [...FIELD_KEY_ENCRYPT, ...FIELD_KEY_DECRYPT];
  }
}

export interface FunctionAccess {
  table: TableAccess;
  /** Cognito admin actions on the client user pool (sign-in itself, InitiateAuth, needs no IAM permission). */
  clientPool: readonly string[];
  /** Cognito admin actions on the staff user pool. */
  staffPool: readonly string[];
  fieldKey: FieldKeyAccess;
  /** Needs CLIENTELE_CURSOR_SECRET (signs and checks list cursors). */
  cursorSecret: boolean;
  /** Sends email through SES (only the mailer and its sweeper: everyone else writes an outbox item). */
  sendEmail: boolean;
}

const CLIENT_USER_LIFECYCLE = [
  "cognito-idp:AdminCreateUser",
  "cognito-idp:AdminGetUser",
  "cognito-idp:AdminSetUserPassword",
  "cognito-idp:AdminDeleteUser",
  "cognito-idp:AdminDisableUser",
  "cognito-idp:AdminEnableUser",
  "cognito-idp:AdminUserGlobalSignOut",
];

/** A new password, which for an imported client without a sign-in account yet creates it (AdminGetUser: its subject). */
const CLIENT_FIRST_PASSWORD = [
  "cognito-idp:AdminCreateUser",
  "cognito-idp:AdminGetUser",
  "cognito-idp:AdminSetUserPassword",
  "cognito-idp:AdminDisableUser",
  "cognito-idp:AdminUserGlobalSignOut",
];

const NOTHING: FunctionAccess = {
  table: "none",
  clientPool: [],
  staffPool: [],
  fieldKey: "none",
  cursorSecret: false,
  sendEmail: false,
};

export const FUNCTION_ACCESS: Readonly<Record<string, FunctionAccess>> = {
  /**
   * Health, countries, docs, sign-in and refresh (InitiateAuth needs no IAM permission); reads for sign-in
   * checks, and the session record written at sign-in and read at every refresh. The MFA step of a staff
   * sign-in opens the member's sealed TOTP secret (Decrypt) and keeps its challenge and time step.
   */
  public: { ...NOTHING, table: "readWrite", fieldKey: "decrypt" },
  /**
   * Company, client groups and custom field definitions (lists with cursors), email templates (admin writes),
   * webhook endpoints (their signing secrets are sealed under a new data key, never read back here).
   */
  settings: { ...NOTHING, table: "readWrite", cursorSecret: true, fieldKey: "encrypt" },
  /** Client records and their lifecycle: the client's sign-in user, encrypted custom fields (decrypted for staff). */
  clients: {
    ...NOTHING,
    table: "readWrite",
    clientPool: CLIENT_USER_LIFECYCLE,
    fieldKey: "encryptDecrypt",
    cursorSecret: true,
  },
  /** Browse, search and the marketing audience: key-ordered Queries only. */
  browse: { ...NOTHING, table: "read", cursorSecret: true },
  /** Billing records, the profile (which shows the client, custom fields decrypted) and widget layouts. */
  billing: { ...NOTHING, table: "readWrite", fieldKey: "decrypt", cursorSecret: true },
  /**
   * A client's own account: contact details, password change (the current one is checked with InitiateAuth,
   * no IAM), client-editable custom fields (an update decrypts the stored values to merge them). The password
   * change shares the code that opens an imported client's sign-in account with their first password.
   */
  client: {
    ...NOTHING,
    table: "readWrite",
    clientPool: CLIENT_FIRST_PASSWORD,
    fieldKey: "encryptDecrypt",
  },
  /**
   * Public signup: the client, its user (deleted again if the table write fails), rate-limit counters, the outbox
   * item. It seals encrypted custom values but never reads one: its answer is built from what it stored.
   */
  signup: {
    ...NOTHING,
    table: "readWrite",
    clientPool: [
      "cognito-idp:AdminCreateUser",
      "cognito-idp:AdminGetUser",
      "cognito-idp:AdminSetUserPassword",
      "cognito-idp:AdminDeleteUser",
    ],
    fieldKey: "encrypt",
  },
  /**
   * The staff team: members' sign-in accounts (an invitation creates one without a usable password, a
   * removal deletes it, a role moves it between groups), own password changes (the current one is checked
   * with InitiateAuth, no IAM), TOTP secrets sealed at enrolment and opened to check codes, list cursors.
   */
  staff: {
    ...NOTHING,
    table: "readWrite",
    staffPool: [
      "cognito-idp:AdminCreateUser",
      "cognito-idp:AdminGetUser",
      "cognito-idp:AdminSetUserPassword",
      "cognito-idp:AdminDeleteUser",
      "cognito-idp:AdminAddUserToGroup",
      "cognito-idp:AdminRemoveUserFromGroup",
    ],
    fieldKey: "encryptDecrypt",
    cursorSecret: true,
  },
  /**
   * Forgotten passwords and email verification: attempt counters and a client's reset request (carried
   * out by the password-resets worker); staff looked up by username, their token and the outbox item with
   * the token sealed (a new data key); and the new password with every session ended (an imported
   * client's first password creates their sign-in account, disabled unless the client is active).
   */
  recovery: {
    ...NOTHING,
    table: "readWrite",
    clientPool: CLIENT_FIRST_PASSWORD,
    staffPool: ["cognito-idp:AdminGetUser", "cognito-idp:AdminSetUserPassword", "cognito-idp:AdminUserGlobalSignOut"],
    fieldKey: "encrypt",
  },
  /**
   * CSV imports: reads the file and checks its rows (the company's settings, usernames, duplicate entries,
   * client numbers), moves the number counter, writes the chunks and the job, lists jobs with cursors.
   */
  imports: { ...NOTHING, table: "readWrite", cursorSecret: true },
  /**
   * The import worker on the stream: writes each row's client as `POST /v1/clients` does, but without a
   * sign-in account (the first password set opens it, in the client or recovery function), or updates a
   * duplicate, whose encrypted fields it unwraps to merge them. No Cognito access.
   */
  importer: {
    ...NOTHING,
    table: "readWrite",
    fieldKey: "encryptDecrypt",
  },
  /**
   * The password-reset worker on the stream: looks the username up, writes the client's token, the outbox
   * item with the token sealed (a new data key: GenerateDataKey only) and the history event, and deletes
   * the request. No Cognito access.
   */
  "password-resets": { ...NOTHING, table: "readWrite", fieldKey: "encrypt" },
  /** The PoolKeys custom resource, run by CloudFormation at deploy: reads the pools' public JWKS (no AWS call). */
  "pool-keys": NOTHING,
  /** `$default`: answers 404/405 from the route catalog alone. */
  fallback: NOTHING,
  /** Stream consumer: renders the template (opening a sealed link token), sends through SES, marks the outbox item sent, records history. */
  mailer: { ...NOTHING, table: "readWrite", sendEmail: true, fieldKey: "decrypt" },
  /**
   * The outbox sweep, on a schedule: Queries the outbox-due index, then delivers exactly as the mailer
   * does (retries, dead claims, messages the stream missed), so it holds the mailer's grants and no more.
   */
  sweeper: { ...NOTHING, table: "readWrite", sendEmail: true, fieldKey: "decrypt" },
  /**
   * Webhook deliverer on the stream: fans events out to delivery items, unseals the endpoint's signing
   * secrets (Decrypt only), POSTs to the endpoints (no AWS call), queues the admins' email when it disables one.
   */
  webhooks: { ...NOTHING, table: "readWrite", fieldKey: "decrypt" },
  /** The webhook sweep, every minute: attempts due deliveries exactly as the deliverer does, with its grants. */
  "webhook-sweeper": { ...NOTHING, table: "readWrite", fieldKey: "decrypt" },
};

export function accessOf(name: string): FunctionAccess {
  const access = FUNCTION_ACCESS[name];
  if (!access) {
    throw new Error(
      `infra/permissions.ts has no row for the Lambda function "${name}": add one with exactly the AWS calls it makes.`,
    );
  }
  return access;
}
