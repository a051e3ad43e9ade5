export const TEST_ADMIN = { username: "test-admin", password: "Test-Admin-Passw0rd" } as const;
