import type { Client } from "./client";
import { inFieldOrder } from "./field-order";

/**
 * The fields of `clientSchema` (lib/domain/client.ts) in its order, which the
 * API's answers and webhook payloads follow. A list rather than the schema's
 * keys, so that showing a client (a read, a webhook event) does not build the
 * client schemas at a function's cold start; test/unit/domain.test.ts keeps it
 * equal to the schema.
 */
export const CLIENT_VIEW_FIELDS = [
  "id",
  "number",
  "firstName",
  "lastName",
  "company",
  "title",
  "address1",
  "address2",
  "city",
  "country",
  "state",
  "zip",
  "email",
  "phones",
  "defaultFax",
  "taxExempt",
  "taxId",
  "currency",
  "username",
  "language",
  "groupId",
  "status",
  "marketing",
  "customFields",
  "emailVerified",
  "emailVerifiedAt",
  "createdAt",
  "updatedAt",
  "version",
  "anonymisedAt",
  "generatedPassword",
] as const;

/** The client as the API shows it: without store-only fields. */
export function publicClient(client: Client): Omit<Client, "usernameIsEmail"> {
  const { usernameIsEmail: _, ...rest } = client;
  return inFieldOrder(CLIENT_VIEW_FIELDS, {
    ...rest,
    emailVerified: client.emailVerified ?? false,
    emailVerifiedAt: client.emailVerifiedAt ?? null,
  });
}
