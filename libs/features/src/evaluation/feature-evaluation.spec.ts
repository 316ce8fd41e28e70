import { randomUUID } from 'node:crypto';
import { FEATURE_FLAGS, FEATURE_KEYS } from '@chat/contracts';
import { evaluateAll, evaluateFlag, rolloutBucket, type TenantFlag } from './feature-evaluation';

const flag = (enabled: boolean, rolloutPercent = 100, overrides: [string, boolean][] = []): TenantFlag => ({ enabled, rolloutPercent, overrides: new Map(overrides) });
const users = Array.from({ length: 2000 }, () => randomUUID());

describe('feature flag evaluation', () => {
  it('gives a flag the tenant never set its registry default', () => {
    for (const key of FEATURE_KEYS) expect(evaluateFlag(key, undefined, users[0])).toBe(FEATURE_FLAGS[key].defaultEnabled);
  });

  it('puts a user in the same bucket every time, in 0..99, independently per flag', () => {
    const buckets = users.map((u) => rolloutBucket('businesses', u));
    expect(users.map((u) => rolloutBucket('businesses', u))).toEqual(buckets);
    expect(buckets.every((b) => Number.isInteger(b) && b >= 0 && b < 100)).toBe(true);
    // Pinned values: changing the hash would move every user's answer on every process at once.
    expect(rolloutBucket('businesses', '00000000-0000-7000-8000-000000000001')).toBe(92);
    expect(rolloutBucket('businesses', '00000000-0000-7000-8000-000000000002')).toBe(25);
    const other = users.map((u) => rolloutBucket('message-reactions', u));
    expect(other.filter((b, i) => b === buckets[i]).length).toBeLessThan(users.length / 10);
  });

  it('rolls out to nobody at 0 %, everybody at 100 %, and about the share asked in between', () => {
    expect(users.some((u) => evaluateFlag('businesses', flag(true, 0), u))).toBe(false);
    expect(users.every((u) => evaluateFlag('businesses', flag(true, 100), u))).toBe(true);
    const on = users.filter((u) => evaluateFlag('businesses', flag(true, 30), u)).length / users.length;
    expect(on).toBeGreaterThan(0.25);
    expect(on).toBeLessThan(0.35);
  });

  it('keeps everyone who had it when the rollout grows (buckets below the old share stay below the new one)', () => {
    const at20 = users.filter((u) => evaluateFlag('businesses', flag(true, 20), u));
    expect(at20.every((u) => evaluateFlag('businesses', flag(true, 50), u))).toBe(true);
  });

  it('is off for everyone but the users forced on while the flag is off, whatever the rollout', () => {
    const [forcedOn, other] = users;
    const off = flag(false, 100, [[forcedOn, true]]);
    expect(evaluateFlag('businesses', off, forcedOn)).toBe(true);
    expect(evaluateFlag('businesses', off, other)).toBe(false);
  });

  it('lets an override win over the rollout both ways', () => {
    const inside = users.find((u) => rolloutBucket('businesses', u) < 50)!;
    const outside = users.find((u) => rolloutBucket('businesses', u) >= 50)!;
    const half = flag(true, 50, [[inside, false], [outside, true]]);
    expect(evaluateFlag('businesses', half, inside)).toBe(false);
    expect(evaluateFlag('businesses', half, outside)).toBe(true);
    expect(evaluateFlag('businesses', flag(true, 100, [[inside, false]]), inside)).toBe(false);
  });

  it('evaluates every flag the code knows, set or not', () => {
    const map = evaluateAll(new Map([['businesses', flag(false)]]), users[0]);
    expect(Object.keys(map).sort()).toEqual([...FEATURE_KEYS].sort());
    expect(map.businesses).toBe(false);
    expect(map['message-reactions']).toBe(FEATURE_FLAGS['message-reactions'].defaultEnabled);
  });
});
