import { ChatApi } from '@chat/sdk';
import { describeTenantIsolation, startSplitCluster, uniqueName } from '@chat/testing';

/**
 * Tenant isolation on the split deployment: search answered by Elasticsearch (indexed by the
 * search-indexer from Kafka), shared state in Redis, sockets on two gateways.
 */
describeTenantIsolation('a multi-tenant server, split on Kafka, Redis, Postgres and Elasticsearch', async () => {
  const operatorName = uniqueName('operator');
  const cluster = await startSplitCluster({ TENANCY_MODE: 'multi', ADMIN_USERNAMES: operatorName }, { auxiliary: true });
  const [url] = cluster.gateways;
  const operator = new ChatApi({ baseUrl: url });
  await operator.register(operatorName, 'Operator', 'password-123');
  return { url, operator, close: () => cluster.stop() };
});
