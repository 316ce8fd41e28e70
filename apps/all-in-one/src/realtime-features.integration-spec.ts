import { controlClock, describeRealtimeFeatures, startTestApp } from '@chat/testing';
import { allInOne } from './definition';

/** Issue 4 on the embedded all-in-one: presence and typing run on a clock the tests move, with a lease and a typing TTL other than the defaults. */
describeRealtimeFeatures(async () => {
  const server = await startTestApp(allInOne, { PRESENCE_LEASE_SECONDS: '20', TYPING_TTL_SECONDS: '4' });
  const clock = controlClock(server.app);
  const { awayAfterMs, leaseMs, typingTtlMs } = server.config.presence;
  return { urls: [server.url], clock, awayAfterMs, leaseMs, typingTtlMs, close: () => server.close() };
});
