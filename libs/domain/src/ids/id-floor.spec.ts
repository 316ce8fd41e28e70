import { v7 as uuidv7 } from 'uuid';
import { idFloor } from './id-floor';

const timeOrderedId = (at: Date) => uuidv7({ msecs: at.getTime() });

describe('UUIDv7 floors', () => {
  const t = new Date('2026-12-04T03:00:00.123Z');

  it('orders ids as their times order, and puts every id of a millisecond at or above its floor', () => {
    const ids = Array.from({ length: 50 }, () => timeOrderedId(t));
    for (const id of ids) {
      expect(id >= idFloor(t)).toBe(true);
      expect(id < idFloor(new Date(t.getTime() + 1))).toBe(true);
    }
    expect(timeOrderedId(new Date(t.getTime() - 1)) < idFloor(t)).toBe(true);
  });

  it('writes the floor as a UUID Postgres accepts', () => {
    expect(idFloor(t)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7000-8000-000000000000$/);
    expect(idFloor(new Date(0))).toBe('00000000-0000-7000-8000-000000000000');
  });
});
