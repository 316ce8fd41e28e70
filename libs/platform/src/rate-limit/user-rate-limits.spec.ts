import type { AppConfig } from '../config/app-config';
import { RateLimitedError } from '../errors/api-error';
import { InMemoryRateLimiter } from './in-memory-rate-limiter';
import { UserRateLimits } from './user-rate-limits';

describe('UserRateLimits', () => {
  let now = 0;
  const limiter = new InMemoryRateLimiter(() => now);
  afterAll(() => limiter.onModuleDestroy());
  const config = { rateLimits: { editsPerMinute: 3, searchesPerMinute: 1 } } as unknown as AppConfig;
  const rates = new UserRateLimits(limiter, config);
  const refusal = (p: Promise<void>) => p.then(() => null, (e: unknown) => e);

  it('lets a minute’s budget through at once, then refuses with the seconds until the next one', async () => {
    now = 0;
    for (let i = 0; i < 3; i++) await rates.spend('editsPerMinute', 'burst');
    const err = await refusal(rates.spend('editsPerMinute', 'burst'));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 20 }); // 3 a minute: one every 20 s
    now = 20_000;
    await rates.spend('editsPerMinute', 'burst');
  });

  it('keeps a budget per caller and per kind of action', async () => {
    now = 0;
    await rates.spend('searchesPerMinute', 'a');
    await expect(rates.spend('searchesPerMinute', 'a')).rejects.toBeInstanceOf(RateLimitedError);
    await expect(rates.spend('searchesPerMinute', 'b')).resolves.toBeUndefined();
    await expect(rates.spend('editsPerMinute', 'a')).resolves.toBeUndefined();
  });

  it('never asks to retry in less than a second', async () => {
    now = 0;
    await rates.spend('searchesPerMinute', 'soon');
    now = 59_900; // the next token is 100 ms away
    expect(await refusal(rates.spend('searchesPerMinute', 'soon'))).toMatchObject({ retryAfterSeconds: 1 });
  });
});
