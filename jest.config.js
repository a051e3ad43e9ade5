const typescript = {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  transform: {
    "^.+\\.(t|j)s$": [
      "@swc/jest",
      { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "es6" } },
    ],
  },
  transformIgnorePatterns: ["/node_modules/"],
};

/**
 * A project that talks to the emulators. Jest runs a global setup only when a test of a project naming it
 * runs, and once however many projects name it: both connected projects share one set of emulators.
 */
const connected = {
  ...typescript,
  globalSetup: "<rootDir>/test/helpers/global-setup.ts",
  globalTeardown: "<rootDir>/test/helpers/global-teardown.ts",
  setupFilesAfterEnv: ["<rootDir>/test/helpers/setup-each-file.ts"],
};

/** @type {import('jest').Config} */
export default {
  testTimeout: 30000,
  projects: [
    { ...typescript, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"] },
    {
      ...connected,
      displayName: "integration",
      testMatch: ["<rootDir>/test/integration/**/*.test.ts", "<rootDir>/test/hardening/**/*.test.ts"],
    },
    { ...connected, displayName: "browser", testMatch: ["<rootDir>/test/browser/**/*.test.ts"] },
    { ...typescript, displayName: "infra", testMatch: ["<rootDir>/test/infra/**/*.test.ts"] },
  ],
};
