import { presenceStatus } from './presence-status';

const AWAY_AFTER = 60_000;

describe('presenceStatus', () => {
  it('is offline without a live device, whatever else is known', () => {
    expect(presenceStatus({ devices: 0, away: true, lastActiveAt: 1_000 }, 1_000, AWAY_AFTER)).toBe('offline');
  });
  it('is online with a device and recent activity', () => {
    expect(presenceStatus({ devices: 2, away: false, lastActiveAt: 1_000 }, 1_000 + AWAY_AFTER - 1, AWAY_AFTER)).toBe('online');
    expect(presenceStatus({ devices: 1, away: false, lastActiveAt: null }, 5_000_000, AWAY_AFTER)).toBe('online');
  });
  it('is away after the inactivity period, or at once when the client says so', () => {
    expect(presenceStatus({ devices: 1, away: false, lastActiveAt: 1_000 }, 1_000 + AWAY_AFTER, AWAY_AFTER)).toBe('away');
    expect(presenceStatus({ devices: 1, away: true, lastActiveAt: 1_000 }, 1_000, AWAY_AFTER)).toBe('away');
  });
});
