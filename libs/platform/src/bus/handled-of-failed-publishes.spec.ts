import { randomUUID } from 'node:crypto';
import { event } from './event-bus.contracts';
import { HandledOfFailedPublishes } from './handled-of-failed-publishes';

describe('HandledOfFailedPublishes', () => {
  const events = () => Array.from({ length: 3 }, (_, i) => event(randomUUID(), i));

  it('hands a group only the events it has not recorded, and other groups all of them', () => {
    const record = new HandledOfFailedPublishes();
    const batch = events();
    record.record('counting', batch.slice(0, 2));
    expect(record.unhandled('counting', batch)).toEqual([batch[2]]);
    expect(record.unhandled('recovering', batch)).toEqual(batch);
  });

  it('forgets events once every group handled them, so a later publish of the same ids reaches every group', () => {
    const record = new HandledOfFailedPublishes();
    const [first, second] = [events(), events()];
    record.record('counting', [...first, ...second]);
    record.forget(first);
    expect(record.unhandled('counting', first)).toEqual(first);
    expect(record.unhandled('counting', second)).toEqual([]);
  });
});
