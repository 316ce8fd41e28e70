import { describeRealtimeFeatures, startSplitCluster, type FeatureTarget, type SplitCluster } from '@chat/testing';

const AWAY_AFTER_SECONDS = 3;

/**
 * Issue 4 on the split deployment: command, query and two gateways as real processes on
 * Postgres, Kafka and Redis. Sockets alternate between gateway A and B, so every frame and every
 * piece of presence and typing state has to cross nodes. Time really passes here (no clock to
 * move across processes), with a short away period.
 */
let cluster: Promise<SplitCluster> | null = null;

describeRealtimeFeatures(async (): Promise<FeatureTarget> => {
  cluster ??= startSplitCluster({ PRESENCE_AWAY_AFTER_SECONDS: String(AWAY_AFTER_SECONDS) });
  const { gateways } = await cluster;
  // The lease and typing TTL are the defaults (PRESENCE_LEASE_SECONDS 30, TYPING_TTL_SECONDS 5).
  return { urls: gateways, clock: null, awayAfterMs: AWAY_AFTER_SECONDS * 1000, leaseMs: 30_000, typingTtlMs: 5_000, close: async () => undefined };
});

afterAll(async () => {
  await (await cluster)?.stop();
});
