/** What both the CDK stack and the local bootstrap need to know about the two user pools. */
export const PASSWORD_POLICY = {
  minimumLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSymbols: false,
} as const;

export const STAFF_GROUPS = ["admin", "staff"] as const;

export const STAFF_CUSTOM_ATTRIBUTES = ["company"] as const;
export const CLIENT_CUSTOM_ATTRIBUTES = ["company", "clientId"] as const;
