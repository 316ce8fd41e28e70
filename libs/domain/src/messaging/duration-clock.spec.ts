import { durationClock } from './duration-clock';

describe('durationClock', () => {
  it('shows minutes and seconds as players do, hours only when there are some', () => {
    expect(durationClock(0)).toBe('0:00');
    expect(durationClock(7_040)).toBe('0:07');
    expect(durationClock(59_999)).toBe('0:59');
    expect(durationClock(300_000)).toBe('5:00');
    expect(durationClock(3_723_000)).toBe('1:02:03');
    expect(durationClock(-5)).toBe('0:00');
  });
});
