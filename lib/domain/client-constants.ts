/**
 * The client's statuses and consent sources, apart from lib/domain/client.ts:
 * modules that need only these (browse, search, the index) then do not bundle
 * the create schema's validation (countries, VAT numbers, phone numbers).
 */
export const CLIENT_STATUSES = ["active", "inactive", "fraud"] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

export const MARKETING_SOURCES = ["staff", "signup", "self-service"] as const;
export type MarketingSource = (typeof MARKETING_SOURCES)[number];
