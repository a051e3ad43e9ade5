import type { StoredClient } from "../../lib/store/client-repository";

const AT = "2026-01-01T00:00:00.000Z";

/** A complete stored client with neutral defaults, for tests that write or index clients without the API. */
export function clientFixture(overrides: Partial<StoredClient> & Pick<StoredClient, "id">): StoredClient {
  return {
    companyId: "co_test",
    number: 1500,
    firstName: "",
    lastName: "",
    company: null,
    title: null,
    address1: null,
    address2: null,
    city: null,
    country: "GB",
    state: null,
    zip: null,
    email: "",
    phones: [],
    defaultFax: null,
    taxExempt: false,
    taxId: null,
    currency: "USD",
    username: overrides.id,
    usernameIsEmail: false,
    language: "en",
    groupId: "grp_general",
    status: "active",
    marketing: { optIn: false, changedAt: AT, source: "staff" },
    customFields: {},
    encryptedFields: null,
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...overrides,
  };
}
