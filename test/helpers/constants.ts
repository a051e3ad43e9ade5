export const TEST_ADMIN = { username: "test-admin", password: "Test-Admin-Passw0rd" } as const;

/** The password of every staff user and most clients the tests create. */
export const TEST_PASSWORD = "Test-Passw0rd-123";
