import Redis from 'ioredis';
import { createDatabaseOn, dropDatabase, engineEnv, runId, startTestApp } from '@chat/testing';
import { allInOne } from './definition';

const MIB = 1024 * 1024;

/** Seed 004 R10.5 on a real Redis: the start needs one of REDIS_MIN_MEMORY_MB or more (its maxmemory, as INFO says). */
describe('the Redis memory check at start', () => {
  let redis: Redis;
  let original: string;
  let databaseUrl: string;
  // The engines' Postgres, a database of its own (the distributed project has no embedded one).
  const start = (minMb: string) => startTestApp(allInOne, { DATABASE_URL: databaseUrl, REDIS_URL: engineEnv().REDIS_URL, REDIS_KEY_PREFIX: runId('cap'), REDIS_MIN_MEMORY_MB: minMb });

  beforeAll(async () => {
    databaseUrl = await createDatabaseOn(engineEnv().DATABASE_URL);
    redis = new Redis(engineEnv().REDIS_URL);
    original = ((await redis.config('GET', 'maxmemory')) as string[])[1];
  });
  afterAll(async () => {
    await redis?.config('SET', 'maxmemory', original);
    await redis?.quit();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('refuses a Redis capped below REDIS_MIN_MEMORY_MB, naming both figures; starts on one at the minimum, and with the check off', async () => {
    await redis.config('SET', 'maxmemory', String(100 * MIB));
    await expect(start('256')).rejects.toThrow(/Redis 127\.0\.0\.1:\d+ has maxmemory 100 MB, below the 256 MB this service needs \(REDIS_MIN_MEMORY_MB\)/);
    await (await start('100')).close();
    await (await start('0')).close();
    // Unlimited (maxmemory 0, Redis's default) is enough for any minimum.
    await redis.config('SET', 'maxmemory', '0');
    await (await start('4096')).close();
  });
});
