/**
 * What each Lambda function may do, in one reviewable table. The stack turns
 * each row into IAM statements on named resources only: the table and its
 * indexes by ARN (no `*`, no `index/*`), the client pool by ARN, the field key
 * by ARN, the SES identity and configuration set by ARN.
 *
 * A function that starts using a new AWS call needs its row changed here (the
 * local stack does not check IAM, so only a cloud deploy would notice).
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

/** Envelope encryption of custom fields: new data keys (encrypt), and decrypting stored ones. */
export type FieldKeyAccess = "none" | "encrypt" | "encryptDecrypt";
export const FIELD_KEY_ENCRYPT = ["kms:GenerateDataKey", "kms:Encrypt"];
export const FIELD_KEY_DECRYPT = ["kms:Decrypt"];

export interface FunctionAccess {
  table: TableAccess;
  /** Cognito admin actions on the client user pool (sign-in itself, InitiateAuth, needs no IAM permission). */
  clientPool: readonly string[];
  /** Cognito admin actions on the staff user pool. */
  staffPool: readonly string[];
  fieldKey: FieldKeyAccess;
  /** Needs CLIENTELE_CURSOR_SECRET (signs and checks list cursors). */
  cursorSecret: boolean;
  /** Sends email through SES (only the mailer: everyone else writes an outbox item). */
  sendEmail: boolean;
}

const CLIENT_USER_LIFECYCLE = [
  "cognito-idp:AdminCreateUser",
  "cognito-idp:AdminGetUser",
  "cognito-idp:AdminSetUserPassword",
  "cognito-idp:AdminUpdateUserAttributes",
  "cognito-idp:AdminDeleteUser",
  "cognito-idp:AdminDisableUser",
  "cognito-idp:AdminEnableUser",
  "cognito-idp:AdminUserGlobalSignOut",
];

export const FUNCTION_ACCESS: Record<string, FunctionAccess> = {
  /** Health, countries, docs, sign-in and refresh (Cognito InitiateAuth needs no IAM); reads for sign-in checks. */
  public: {
    table: "read",
    clientPool: [],
    staffPool: [],
    fieldKey: "none",
    cursorSecret: false,
    sendEmail: false,
  },
  /** The back office: clients, groups, custom fields (decrypted for staff), templates, lists. */
  staff: {
    table: "readWrite",
    clientPool: CLIENT_USER_LIFECYCLE,
    staffPool: [],
    fieldKey: "encryptDecrypt",
    cursorSecret: true,
    sendEmail: false,
  },
  /** A client's own account: contact details, password, client-editable custom fields (never decrypted for them). */
  client: {
    table: "readWrite",
    clientPool: [
      "cognito-idp:AdminGetUser",
      "cognito-idp:AdminSetUserPassword",
      "cognito-idp:AdminUpdateUserAttributes",
      "cognito-idp:AdminUserGlobalSignOut",
    ],
    staffPool: [],
    fieldKey: "encrypt",
    cursorSecret: true,
    sendEmail: false,
  },
  /** Public signup: creates the client, its user (deleted again if the table write fails) and the outbox item. */
  signup: {
    table: "readWrite",
    clientPool: [
      "cognito-idp:AdminCreateUser",
      "cognito-idp:AdminGetUser",
      "cognito-idp:AdminSetUserPassword",
      "cognito-idp:AdminDeleteUser",
    ],
    staffPool: [],
    fieldKey: "encrypt",
    cursorSecret: false,
    sendEmail: false,
  },
  /** `$default`: answers 404/405 from the route catalog alone. */
  fallback: {
    table: "none",
    clientPool: [],
    staffPool: [],
    fieldKey: "none",
    cursorSecret: false,
    sendEmail: false,
  },
  /** Stream consumer: renders the template, sends through SES, marks the outbox item sent, records history. */
  mailer: {
    table: "readWrite",
    clientPool: [],
    staffPool: [],
    fieldKey: "none",
    cursorSecret: false,
    sendEmail: true,
  },
};

export function accessOf(name: string): FunctionAccess {
  const access = FUNCTION_ACCESS[name];
  if (!access) throw new Error(`infra/permissions.ts has no row for the Lambda function "${name}"`);
  return access;
}
