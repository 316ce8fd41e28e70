import { parseArgs, parseNumber, SCENARIO_DEFAULTS, UsageError } from './args';

describe('parseArgs', () => {
  it('takes --name value and --name=value, over the scenario defaults', () => {
    const o = parseArgs(['--scenario', 'fanout', '--sockets=5000', '--rooms', '100', '--rate', '250', '--duration', '20']);
    expect(o).toMatchObject({ scenario: 'fanout', sockets: 5000, rooms: 100, rate: 250, durationS: 20, targets: ['baseline', 'ours'], profile: false });
  });

  it('applies each scenario its own defaults: baseline runs only the baseline, history only ours', () => {
    expect(parseArgs(['--scenario', 'baseline']).targets).toEqual(['baseline']);
    expect(parseArgs(['--scenario', 'history']).targets).toEqual(['ours']);
    expect(parseArgs(['--scenario', 'history']).messages).toBe(1_000_000);
    expect(parseArgs(['--scenario', 'history'])).toMatchObject({ months: 12, partitioned: false, offloaded: false });
    expect(parseArgs(['--scenario', 'history', '--months', '24', '--partitioned'])).toMatchObject({ months: 24, partitioned: true });
    expect(parseArgs(['--scenario', 'history', '--offloaded'])).toMatchObject({ partitioned: false, offloaded: true });
    expect(() => parseArgs(['--scenario', 'history', '--months', '0'])).toThrow(/--months/);
    expect(parseArgs(['--scenario', 'connect']).sockets).toBe(SCENARIO_DEFAULTS.connect.sockets);
    expect(parseArgs(['--scenario', 'ramp']).durationS).toBe(SCENARIO_DEFAULTS.ramp.durationS);
  });

  it('sends no delivery acknowledgements unless asked, and takes an interval for them', () => {
    expect(parseArgs(['--scenario', 'fanout']).deliveryAcksMs).toBe(0);
    expect(parseArgs(['--scenario', 'ramp', '--delivery-acks', '1000']).deliveryAcksMs).toBe(1000);
    expect(() => parseArgs(['--scenario', 'fanout', '--delivery-acks', '70000'])).toThrow(/must be within/);
  });

  it('reads targets as a de-duplicated list and switches without a value', () => {
    const o = parseArgs(['--scenario', 'fanout', '--targets', 'ours,baseline,ours', '--profile']);
    expect(o.targets).toEqual(['ours', 'baseline']);
    expect(o.profile).toBe(true);
  });

  it.each([
    [[], /--scenario is required/],
    [['--scenario', 'nope'], /must be one of/],
    [['--scenario', 'fanout', '--sockts', '5'], /unknown option --sockts/],
    [['--scenario', 'fanout', '--sockets', '1.5'], /needs an integer/],
    [['--scenario', 'fanout', '--rate', 'fast'], /needs a number/],
    [['--scenario', 'fanout', '--rate', '0'], /must be within/],
    [['--scenario', 'fanout', '--targets', 'ours,theirs'], /--targets takes/],
    [['--scenario', 'fanout', '--sockets', '10', '--rooms', '20'], /cannot exceed/],
    [['--scenario', 'fanout', '--rooms'], /needs a value/],
    [['fanout'], /unexpected argument/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv as string[])).toThrow(UsageError);
    expect(() => parseArgs(argv as string[])).toThrow(message);
  });

  it('collects --server-env pairs for our server', () => {
    const o = parseArgs(['--scenario', 'fanout', '--server-env', 'OUTBOX_POLL_INTERVAL_MS=50', '--server-env=OUTBOX_BATCH_SIZE=100']);
    expect(o.serverEnv).toEqual({ OUTBOX_POLL_INTERVAL_MS: '50', OUTBOX_BATCH_SIZE: '100' });
    expect(parseArgs(['--scenario', 'fanout']).serverEnv).toEqual({});
    expect(() => parseArgs(['--scenario', 'fanout', '--server-env', 'nope'])).toThrow(/KEY=VALUE/);
  });

  it('answers --help with the usage', () => {
    expect(() => parseArgs(['--help'])).toThrow(/usage: npm run bench/);
  });
});

describe('parseNumber', () => {
  it.each([
    ['1000000', 1_000_000],
    ['1_000_000', 1_000_000],
    ['1e6', 1_000_000],
    ['5k', 5000],
    ['1m', 1_000_000],
    ['2.5', 2.5],
    ['1.5k', 1500],
  ])('%s → %d', (raw, n) => expect(parseNumber(raw)).toBe(n));

  it.each(['', 'abc', '-1', '1..2', 'k'])('%j is not a number', (raw) => expect(parseNumber(raw)).toBeNull());
});
