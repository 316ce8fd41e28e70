import type { EventEnvelope } from '@chat/contracts';
import { distinctEvents } from './distinct-events';

const event = (id: string, n: number) => ({ id, payload: { n } }) as unknown as EventEnvelope;

describe('distinctEvents', () => {
  it('keeps the first copy of each id, in order', () => {
    const batch = [event('a', 1), event('b', 2), event('a', 3), event('c', 4), event('b', 5)];
    expect(distinctEvents(batch).map((e) => e.payload)).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }]);
  });

  it('leaves a batch without copies as it is', () => {
    const batch = [event('a', 1), event('b', 2)];
    expect(distinctEvents(batch)).toEqual(batch);
  });
});
