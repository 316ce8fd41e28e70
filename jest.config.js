// Two suites: unit specs beside the code (pure logic, no I/O) and integration specs against real
// engines (embedded Postgres started once per run by the global setup; each file gets a database).
// Compiled as the apps are (scripts/swc-options.js).
const swc = ['@swc/jest', require('./scripts/swc-options')()];

const common = {
  transform: { '^.+\\.ts$': swc },
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/bench'],
};

module.exports = {
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['**/*.integration-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/jest/global-setup.js',
      globalTeardown: '<rootDir>/libs/testing/jest/global-teardown.js',
    },
    // Needs the engines of deploy/local/engines.sh running and their URLs in the environment
    // (scripts/test.sh does both).
    { ...common, displayName: 'distributed', testMatch: ['**/*.distributed-spec.ts'] },
  ],
};
