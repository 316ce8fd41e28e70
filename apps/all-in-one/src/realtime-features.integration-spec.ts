import { controlClock, describeRealtimeFeatures, startTestApp } from '@chat/testing';
import { allInOne } from './definition';

/** Issue 4 on the embedded all-in-one: presence and typing run on a clock the tests move. */
describeRealtimeFeatures(async () => {
  const server = await startTestApp(allInOne);
  const clock = controlClock(server.app);
  return { urls: [server.url], clock, awayAfterMs: server.config.presence.awayAfterMs, close: () => server.close() };
});
