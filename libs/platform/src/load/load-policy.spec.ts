import { NORMAL_LOAD, assessLoad, loopMayRefuseMessages, nextLoadState, type LoadSignals } from './load-policy';

const thresholds = { shedLoopPercent: 90, shedEventLagMs: 10_000, backpressureLoopPercent: 98, backpressureSendQueue: 5_000 };
const calm: LoadSignals = { loopUtilization: 0.2, eventLagMs: 0, sendQueue: 0, slowDependencies: [] };

describe('assessLoad', () => {
  it('is normal when every signal is under its threshold', () => {
    expect(assessLoad(calm, thresholds)).toEqual({ level: 'normal', reasons: [] });
    expect(assessLoad({ ...calm, loopUtilization: 0.894, eventLagMs: 9_999, sendQueue: 4_999 }, thresholds).level).toBe('normal');
  });

  it('sheds on a busy event loop, lagging events or a slow dependency', () => {
    expect(assessLoad({ ...calm, loopUtilization: 0.9 }, thresholds)).toEqual({ level: 'shedding', reasons: ['event loop 90 % busy'] });
    expect(assessLoad({ ...calm, eventLagMs: 12_000 }, thresholds)).toEqual({ level: 'shedding', reasons: ['events 12.0 s behind'] });
    expect(assessLoad({ ...calm, slowDependencies: ['redis'] }, thresholds)).toEqual({ level: 'shedding', reasons: ['redis slow or unreachable'] });
  });

  it('applies backpressure on a saturated loop or a long send queue, with the shedding reasons too', () => {
    expect(assessLoad({ ...calm, loopUtilization: 0.99 }, thresholds)).toEqual({ level: 'backpressure', reasons: ['event loop 99 % busy'] });
    expect(assessLoad({ ...calm, sendQueue: 5_000, slowDependencies: ['redis'] }, thresholds)).toEqual({
      level: 'backpressure',
      reasons: ['5000 sends queued', 'redis slow or unreachable'],
    });
  });

  it('only sheds on a saturated loop while it may not refuse messages yet, a long send queue still applying backpressure', () => {
    expect(assessLoad({ ...calm, loopUtilization: 0.99 }, thresholds, false)).toEqual({ level: 'shedding', reasons: ['event loop 99 % busy'] });
    expect(assessLoad({ ...calm, loopUtilization: 0.99 }, { ...thresholds, shedLoopPercent: 0 }, false)).toEqual({ level: 'shedding', reasons: ['event loop 99 % busy'] });
    expect(assessLoad({ ...calm, loopUtilization: 0.99, sendQueue: 5_000 }, thresholds, false)).toEqual({ level: 'backpressure', reasons: ['5000 sends queued', 'event loop 99 % busy'] });
  });

  it('ignores a signal whose threshold is 0', () => {
    const off = { shedLoopPercent: 0, shedEventLagMs: 0, backpressureLoopPercent: 0, backpressureSendQueue: 0 };
    expect(assessLoad({ loopUtilization: 1, eventLagMs: 1e9, sendQueue: 1e9, slowDependencies: [] }, off).level).toBe('normal');
  });
});

describe('nextLoadState', () => {
  it('rises at once and keeps the time it rose while the level holds', () => {
    const shedding = nextLoadState(NORMAL_LOAD, { level: 'shedding', reasons: ['x'] }, 1_000, 10_000);
    expect(shedding).toEqual({ level: 'shedding', reasons: ['x'], since: 1_000, calmSince: null });
    expect(nextLoadState(shedding, { level: 'shedding', reasons: ['y'] }, 2_000, 10_000).since).toBe(1_000);
    expect(nextLoadState(shedding, { level: 'backpressure', reasons: ['z'] }, 3_000, 10_000)).toMatchObject({ level: 'backpressure', since: 3_000 });
  });

  it('comes down only after the signals have been calmer for the whole recovery time', () => {
    let state = nextLoadState(NORMAL_LOAD, { level: 'shedding', reasons: ['x'] }, 0, 10_000);
    state = nextLoadState(state, { level: 'normal', reasons: [] }, 1_000, 10_000);
    expect(state).toMatchObject({ level: 'shedding', reasons: ['x'], calmSince: 1_000 });
    state = nextLoadState(state, { level: 'normal', reasons: [] }, 10_999, 10_000);
    expect(state.level).toBe('shedding');
    expect(nextLoadState(state, { level: 'normal', reasons: [] }, 11_000, 10_000)).toEqual({ level: 'normal', reasons: [], since: 11_000, calmSince: null });
  });

  it('starts the recovery over when the load comes back meanwhile', () => {
    let state = nextLoadState(NORMAL_LOAD, { level: 'shedding', reasons: ['x'] }, 0, 10_000);
    state = nextLoadState(state, { level: 'normal', reasons: [] }, 1_000, 10_000);
    state = nextLoadState(state, { level: 'shedding', reasons: ['x'] }, 5_000, 10_000);
    expect(state.calmSince).toBeNull();
    state = nextLoadState(state, { level: 'normal', reasons: [] }, 6_000, 10_000);
    expect(nextLoadState(state, { level: 'normal', reasons: [] }, 12_000, 10_000).level).toBe('shedding');
  });
});

describe('loopMayRefuseMessages', () => {
  const at = (level: 'normal' | 'shedding' | 'backpressure', since: number) => ({ level, reasons: [], since, calmSince: null });

  it('waits until shedding has been in force for a whole window', () => {
    expect(loopMayRefuseMessages(NORMAL_LOAD, 50_000, 5_000)).toBe(false);
    expect(loopMayRefuseMessages(at('shedding', 10_000), 14_999, 5_000)).toBe(false);
    expect(loopMayRefuseMessages(at('shedding', 10_000), 15_000, 5_000)).toBe(true);
  });

  it('keeps refusing while messages are refused already', () => {
    expect(loopMayRefuseMessages(at('backpressure', 10_000), 10_001, 5_000)).toBe(true);
  });
});
