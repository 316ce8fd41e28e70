import { engineEnv } from '../distributed/engine-env';
import { describeRedisAdapterContracts } from './redis-adapters.contracts';

/** The Redis adapters of the shared-state ports on the one Redis of deploy/local/engines.sh (a Redis Cluster: redis-cluster.distributed-spec.ts). */
describe('Redis shared state', () => {
  describeRedisAdapterContracts(() => ({ REDIS_URL: engineEnv().REDIS_URL }));
});
