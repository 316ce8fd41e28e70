import { loadConfig } from '@chat/platform';
import { DeliveryPointerWriter } from './delivery-pointer-writer';
import type { DeliveryPointersRepository } from './delivery-pointers.repository';
import type { DeliveryMark } from './pending-deliveries';

describe('DeliveryPointerWriter', () => {
  it('writes at a flush what was marked while an earlier write was under way, after it (the shutdown flush leaves nothing behind)', async () => {
    const written: DeliveryMark[][] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const pointers = {
      advance: async (marks: DeliveryMark[]) => {
        written.push(marks);
        if (written.length === 1) await firstHeld;
      },
    } as unknown as DeliveryPointersRepository;
    const writer = new DeliveryPointerWriter(pointers, loadConfig({}));
    const mark = (seq: number): DeliveryMark => ({ tenantId: 't', conversationId: 'c', userId: `u${seq}`, seq });

    writer.mark(mark(1));
    const timers = writer.flush(); // the timer's write takes mark 1 and is held
    writer.mark(mark(2));
    const shutdown = writer.flush();
    releaseFirst();
    await Promise.all([timers, shutdown]);
    expect(written.map((marks) => marks.map((m) => m.seq))).toEqual([[1], [2]]);
  });
});
