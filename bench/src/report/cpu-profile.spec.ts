import { busyStretches, hotSpots, moduleOf, toProfileWindows } from './cpu-profile';

describe('CPU profile hot spots', () => {
  it('names where code comes from', () => {
    expect(moduleOf('file:///work/main/node_modules/@nestjs/core/router/router-proxy.js')).toBe('@nestjs/core');
    expect(moduleOf('file:///work/main/node_modules/pg/lib/client.js')).toBe('pg');
    expect(moduleOf('file:///work/main/libs/realtime/src/chat.gateway.ts')).toBe('libs/realtime');
    expect(moduleOf('node:internal/streams/writable')).toBe('node (core)');
    expect(moduleOf('')).toBe('(native/V8)');
  });

  it('ranks self time by function and by module', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', '') },
        { id: 2, callFrame: frame('query', 'file:///x/node_modules/pg/lib/client.js') },
        { id: 3, callFrame: frame('emit', 'file:///x/node_modules/socket.io/dist/broadcast-operator.js') },
        { id: 4, callFrame: frame('(garbage collector)', '') },
      ],
      samples: [2, 2, 3, 4, 2],
      timeDeltas: [1000, 1000, 2000, 1000, 1000],
    };
    const spots = hotSpots(profile, 10);
    expect(spots.totalMs).toBe(6);
    expect(spots.modules.map((m) => [m.name, m.selfMs])).toEqual([
      ['pg', 3],
      ['socket.io', 2],
      ['(garbage collector)', 1],
    ]);
    expect(spots.functions[0]).toEqual({ name: 'query node_modules/pg/lib/client.js:1', selfMs: 3, selfPct: 50 });
  });

  it('keeps only the samples inside the measured windows, placed by the process exit time', () => {
    const frame = (functionName: string) => ({ functionName, url: 'file:///x/node_modules/pg/lib/client.js', lineNumber: 0 });
    // samples at t = 1000, 2000, 3000, 4000 µs; the profile (and the process) ends at 5000 µs
    const profile = { nodes: [{ id: 1, callFrame: frame('setup') }, { id: 2, callFrame: frame('load') }], startTime: 0, endTime: 5000, samples: [1, 2, 2, 1], timeDeltas: [1000, 1000, 1000, 1000] };
    // the process exited at wall-clock 10 000 ms, so profile time 2000 µs is wall 9 997 ms
    const windows = toProfileWindows(profile, 10_000, [{ startAt: 9_996.5, endAt: 9_998.5 }]);
    expect(windows).toEqual([{ fromUs: 1500, toUs: 3500 }]);
    const spots = hotSpots(profile, 5, windows);
    expect(spots.totalMs).toBe(2); // the two 1 ms samples at 2000 and 3000 µs
    expect(spots.functions.map((f) => f.name)).toEqual(['load node_modules/pg/lib/client.js:1']);
  });

  it('finds the runs of busy samples, and what ran in the long ones down to the innermost libs/apps function', () => {
    const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 3, 5, 6] },
        { id: 2, callFrame: frame('(idle)') },
        { id: 3, callFrame: frame('broadcast', 'file:///x/libs/realtime/src/frames.ts'), children: [4] },
        { id: 4, callFrame: frame('writev') },
        { id: 5, callFrame: frame('query', 'file:///x/node_modules/pg/lib/client.js') },
        { id: 6, callFrame: frame('(garbage collector)') },
      ],
      // busy 2 + 10 ms, idle, busy 3 ms, idle, busy 1 ms
      samples: [3, 4, 2, 5, 2, 6],
      timeDeltas: [2000, 10_000, 1000, 3000, 1000, 1000],
    };
    const stretches = busyStretches(profile, 10);
    expect(stretches.busyMs).toBe(16);
    expect(stretches.lengths.filter((l) => l.count > 0)).toEqual([
      { bucket: '0–2 ms', count: 1, busyPct: 6.3 },
      { bucket: '2–5 ms', count: 1, busyPct: 18.8 },
      { bucket: '10–20 ms', count: 1, busyPct: 75 },
    ]);
    expect(stretches.longBusyPct).toBe(75);
    expect(stretches.longByModule.map((m) => [m.name, m.selfPct])).toEqual([
      ['(native/V8)', 83.3],
      ['libs/realtime', 16.7],
    ]);
    expect(stretches.longByWorkspaceFunction).toEqual([{ name: 'broadcast libs/realtime/src/frames.ts:1', selfMs: 12, selfPct: 100 }]);
  });

  it('ends a stretch at the edge of a measured window', () => {
    const frame = (functionName: string) => ({ functionName, url: '', lineNumber: 0 });
    const profile = { nodes: [{ id: 1, callFrame: frame('work') }], startTime: 0, samples: [1, 1, 1, 1], timeDeltas: [1000, 1000, 1000, 1000] };
    // samples at 1000 … 4000 µs, all busy; the window keeps 2000 and 3000 only
    expect(busyStretches(profile, 10, 8, [{ fromUs: 1500, toUs: 3500 }]).lengths.find((l) => l.count > 0)).toEqual({ bucket: '2–5 ms', count: 1, busyPct: 100 });
  });
});
