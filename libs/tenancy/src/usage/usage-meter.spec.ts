import { UsageMeter } from './usage-meter';

describe('UsageMeter (per-tenant usage in memory until a flush)', () => {
  let now: number;
  let meter: UsageMeter;
  beforeEach(() => {
    now = 1_000_000;
    meter = new UsageMeter({ now: () => now });
  });

  it('charges each socket time and bytes to its own tenant, up to the drain, and counts open sockets afresh after it', () => {
    const a = meter.socketOpened('acme');
    now += 5_000;
    const g = meter.socketOpened('globex');
    a.sent(100);
    a.sent(20);
    g.sent(7);
    now += 1_000;
    expect(Object.fromEntries(meter.drain())).toEqual({
      acme: { connectionMs: 6_000, socketEgressBytes: 120, mediaEgressBytes: 0 },
      globex: { connectionMs: 1_000, socketEgressBytes: 7, mediaEgressBytes: 0 },
    });
    now += 2_000;
    a.sent(1);
    expect(Object.fromEntries(meter.drain())).toEqual({
      acme: { connectionMs: 2_000, socketEgressBytes: 1, mediaEgressBytes: 0 },
      globex: { connectionMs: 2_000, socketEgressBytes: 0, mediaEgressBytes: 0 },
    });
  });

  it("counts each of a tenant's sockets for the time it was open, on one counter for the tenant", () => {
    const first = meter.socketOpened('acme');
    now += 1_000;
    const second = meter.socketOpened('acme');
    expect(second).toBe(first);
    now += 2_000;
    meter.socketClosed(first);
    now += 4_000;
    expect(meter.openSockets).toBe(1);
    expect(meter.drain().get('acme')?.connectionMs).toBe(1_000 + 2 * 2_000 + 4_000);
  });

  it('stops a socket at its close, keeping what it used for the next drain', () => {
    const a = meter.socketOpened('acme');
    now += 3_000;
    a.sent(9);
    meter.socketClosed(a);
    now += 60_000;
    expect(meter.openSockets).toBe(0);
    expect(meter.drain().get('acme')).toEqual({ connectionMs: 3_000, socketEgressBytes: 9, mediaEgressBytes: 0 });
    expect(meter.drain().size).toBe(0);
  });

  it('adds media served to the tenant, and leaves out tenants with nothing to report', () => {
    meter.mediaServed('acme', 4096);
    meter.mediaServed('acme', 10);
    meter.mediaServed('globex', 0);
    expect(Object.fromEntries(meter.drain())).toEqual({ acme: { connectionMs: 0, socketEgressBytes: 0, mediaEgressBytes: 4106 } });
  });

  it('takes back a drain that could not be written, adding it to what came since', () => {
    meter.mediaServed('acme', 5);
    const failed = meter.drain();
    meter.mediaServed('acme', 1);
    meter.restore(failed);
    expect(meter.drain().get('acme')).toEqual({ connectionMs: 0, socketEgressBytes: 0, mediaEgressBytes: 6 });
  });
});
