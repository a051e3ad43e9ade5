/** What both the CDK stack and the local bootstrap need to know about the two user pools. */
export const PASSWORD_POLICY = {
  minimumLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSymbols: false,
} as const;

export const STAFF_GROUPS = ["admin", "staff"] as const;

/**
 * Immutable custom attributes, written once at creation so that an operator
 * reading a pool sees whose account it is. Who a token's bearer is comes from
 * the table (lib/access/caller.ts): their claims only say which records to read
 * beside the identity item, used where the identity item names the same.
 * Members created before `staffId` existed have none (their lookup takes one
 * round trip more).
 */
export const STAFF_CUSTOM_ATTRIBUTES = ["company", "staffId"] as const;
export const CLIENT_CUSTOM_ATTRIBUTES = ["company", "clientId"] as const;

/**
 * The only attribute users may write with their own access token
 * (UpdateUserAttributes). The list must not be empty: an app client with no
 * write list lets users write every mutable attribute. Nothing reads `locale`.
 */
export const USER_WRITABLE_ATTRIBUTES = ["locale"] as const;

/** How long a refresh token lives; the session record that vouches for it lives as long. */
export const REFRESH_TOKEN_DAYS = 30;
