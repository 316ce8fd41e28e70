import { dueSends, expectedDeliveries, messageBody, parseMessageBody, planSockets } from './plan';

describe('planSockets', () => {
  const rooms = ['r0', 'r1', 'r2', 'r3'];
  const plan = planSockets(16, rooms, ['http://a', 'http://b'], 2);

  it('gives every socket to exactly one worker, evenly', () => {
    const all = plan.flat().map((s) => s.index).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(plan.map((w) => w.length)).toEqual([8, 8]);
  });

  it('fills rooms evenly and puts members of every room in every worker', () => {
    for (const worker of plan) {
      for (const room of rooms) expect(worker.filter((s) => s.room === room)).toHaveLength(2);
    }
  });

  it('spreads sockets over the target URLs (the gateways)', () => {
    const byUrl = plan.flat().reduce<Record<string, number>>((m, s) => ({ ...m, [s.url]: (m[s.url] ?? 0) + 1 }), {});
    expect(byUrl).toEqual({ 'http://a': 8, 'http://b': 8 });
  });
});

describe('dueSends', () => {
  it('follows the schedule, not the ticks', () => {
    expect(dueSends(0, 100)).toBe(0);
    expect(dueSends(9, 100)).toBe(0);
    expect(dueSends(10, 100)).toBe(1);
    expect(dueSends(1000, 100)).toBe(100);
    expect(dueSends(2500, 0.5)).toBe(1);
  });
});

describe('expectedDeliveries', () => {
  it('counts one frame per member of the room, the sender included', () => {
    expect(expectedDeliveries({ r0: 10, r1: 5 }, { r0: 50, r1: 20, r2: 7 })).toBe(600);
  });
});

describe('message body', () => {
  it('carries the phase and send time, padded to size, and reads them back', () => {
    const body = messageBody('m1a', 1_763_000_000_123.456, 100);
    expect(body).toHaveLength(100);
    expect(parseMessageBody(body)).toEqual({ phase: 'm1a', sentAtMs: 1_763_000_000_123.456 });
  });
  it('ignores bodies that are not load messages', () => {
    expect(parseMessageBody('hello')).toBeNull();
    expect(parseMessageBody('a|b|c')).toBeNull();
  });
});
