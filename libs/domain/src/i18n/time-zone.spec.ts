import { ianaTimeZone } from './time-zone';

describe('ianaTimeZone', () => {
  it('gives a known zone its canonical spelling', () => {
    expect(ianaTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(ianaTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(ianaTimeZone('UTC')).toBe('UTC');
  });

  it('refuses what is not a zone name', () => {
    for (const zone of ['Nowhere/City', '', '+01:00', 'Europe/Berlin; DROP TABLE users']) expect(ianaTimeZone(zone)).toBeNull();
  });
});
