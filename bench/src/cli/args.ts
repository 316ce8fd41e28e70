import { availableParallelism } from 'node:os';

export const SCENARIOS = ['fanout', 'baseline', 'ramp', 'connect', 'history'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** What a scenario can be pointed at. `ours` is the embedded all-in-one; see targets/index.ts to add more. */
export const TARGETS = ['baseline', 'ours', 'ours-distributed'] as const;
export type TargetName = (typeof TARGETS)[number];

export interface BenchOptions {
  scenario: ScenarioName;
  /** Measured seconds (per step for `ramp`). */
  durationS: number;
  /** Seconds of load before measuring (per step for `ramp`). */
  warmupS: number;
  sockets: number;
  rooms: number;
  /** Total messages/s sent over all sockets (the first step for `ramp`). */
  rate: number;
  /** Load generator processes the sockets are spread over. */
  workers: number;
  /** Run in this order; `fanout` and `ramp` report ours as a ratio of the baseline's figures. */
  targets: TargetName[];
  bodyBytes: number;
  /**
   * Each socket acknowledges delivery (`delivered`) as the web client does: at most once per
   * conversation per this many ms (the SDK's `deliveryAcks`); 0: never, as a bot would.
   */
  deliveryAcksMs: number;
  /** ramp: each step multiplies the rate by this. */
  factor: number;
  /** ramp: at most this many steps per target (bisection steps included). */
  maxSteps: number;
  /** ramp: bisection steps between the last passing and the first failing rate. */
  refineSteps: number;
  /** ramp: a step fails when the delivery p99 passes this. */
  p99LimitMs: number;
  /** history: messages seeded. */
  messages: number;
  /** history: conversations the reader belongs to (the messages are spread over them). */
  conversations: number;
  /** history: requests measured per query kind (also bounded by --duration). */
  requests: number;
  /** history: the seeded messages were made over this many months, up to now. */
  months: number;
  /** history: measure again with messages partitioned by month, and report the ratio to the plain table. */
  partitioned: boolean;
  /** history: measure again with the bodies offloaded to an S3-compatible store (S3Proxy), and report the ratio to the plain table. */
  offloaded: boolean;
  /** Writes a V8 CPU profile of our server (NODE_OPTIONS=--cpu-prof) and prints its hot spots. */
  profile: boolean;
  /** Extra environment for our server (`--server-env KEY=VALUE`, repeatable): experiments with its settings. */
  serverEnv: Record<string, string>;
}

type Defaults = Omit<BenchOptions, 'scenario' | 'profile' | 'serverEnv' | 'partitioned' | 'offloaded'>;

const COMMON: Defaults = {
  durationS: 30,
  warmupS: 5,
  sockets: 2000,
  rooms: 40,
  rate: 50,
  workers: Math.min(4, Math.max(2, availableParallelism())),
  targets: ['baseline', 'ours'],
  bodyBytes: 100,
  deliveryAcksMs: 0,
  factor: 1.5,
  maxSteps: 12,
  refineSteps: 2,
  p99LimitMs: 100,
  messages: 1_000_000,
  conversations: 50,
  requests: 300,
  months: 12,
};

/** Short defaults: each scenario measures for well under a minute per target. */
export const SCENARIO_DEFAULTS: Record<ScenarioName, Partial<Defaults>> = {
  fanout: {},
  baseline: { targets: ['baseline'] },
  ramp: { durationS: 8, warmupS: 2, rate: 25 },
  connect: { sockets: 5000, durationS: 3, warmupS: 2 },
  history: { targets: ['ours'], durationS: 30, warmupS: 2 },
};

export class UsageError extends Error {
  override name = 'UsageError';
}

const FLAGS: Record<string, { key: keyof BenchOptions; kind: 'int' | 'number' | 'targets' | 'bool' | 'scenario' | 'env'; min?: number; max?: number }> = {
  scenario: { key: 'scenario', kind: 'scenario' },
  duration: { key: 'durationS', kind: 'number', min: 0.5, max: 3600 },
  warmup: { key: 'warmupS', kind: 'number', min: 0, max: 600 },
  sockets: { key: 'sockets', kind: 'int', min: 1, max: 100_000 },
  rooms: { key: 'rooms', kind: 'int', min: 1, max: 100_000 },
  rate: { key: 'rate', kind: 'number', min: 0.1, max: 1_000_000 },
  workers: { key: 'workers', kind: 'int', min: 1, max: 32 },
  targets: { key: 'targets', kind: 'targets' },
  'body-bytes': { key: 'bodyBytes', kind: 'int', min: 40, max: 4000 },
  'delivery-acks': { key: 'deliveryAcksMs', kind: 'int', min: 0, max: 60_000 },
  factor: { key: 'factor', kind: 'number', min: 1.05, max: 10 },
  'max-steps': { key: 'maxSteps', kind: 'int', min: 1, max: 50 },
  refine: { key: 'refineSteps', kind: 'int', min: 0, max: 10 },
  'p99-limit': { key: 'p99LimitMs', kind: 'number', min: 1, max: 60_000 },
  messages: { key: 'messages', kind: 'int', min: 1, max: 100_000_000 },
  conversations: { key: 'conversations', kind: 'int', min: 1, max: 10_000 },
  requests: { key: 'requests', kind: 'int', min: 1, max: 1_000_000 },
  months: { key: 'months', kind: 'int', min: 1, max: 120 },
  partitioned: { key: 'partitioned', kind: 'bool' },
  offloaded: { key: 'offloaded', kind: 'bool' },
  profile: { key: 'profile', kind: 'bool' },
  'server-env': { key: 'serverEnv', kind: 'env' },
};

export const USAGE = `usage: npm run bench -- --scenario <${SCENARIOS.join('|')}> [options]
  --duration S      measured seconds (per step for ramp)       --warmup S     seconds of load before measuring
  --sockets N       sockets (connect: sockets in the storm)      --rooms N      rooms the sockets are spread over
  --rate N          total messages/s (ramp: first step)          --workers N    load generator processes
  --targets a,b     ${TARGETS.join(', ')} (default: baseline,ours; baseline scenario: baseline; history: ours)
  --body-bytes N    message body size                            --profile      CPU-profile our server, print hot spots
  --delivery-acks MS  sockets acknowledge delivery at most once per conversation per MS, as the web client does (1000); 0: never (default)
  --server-env K=V  extra env for our server (repeatable), e.g. --server-env OUTBOX_POLL_INTERVAL_MS=50
  ramp:    --factor F (rate x F per step) --max-steps N --refine N (bisection steps) --p99-limit MS (default 100)
  history: --messages N (default 1000000) --conversations N (default 50) --requests N per query kind
           --months N (messages made over the last N months, default 12)
           --partitioned (measure again with messages partitioned by month; ratios to the plain table)
           --offloaded (measure again with the bodies in S3Proxy, MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS; ratios to the plain table)`;

/** Parses `--name value` / `--name=value` flags; unknown flags and bad values are usage errors. */
export function parseArgs(argv: readonly string[]): BenchOptions {
  const given: Partial<BenchOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new UsageError(USAGE);
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"\n${USAGE}`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const flag = FLAGS[name];
    if (!flag) throw new UsageError(`unknown option --${name}\n${USAGE}`);
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (flag.kind === 'bool') value = 'true';
    else {
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
      value = argv[++i];
    }
    if (flag.kind === 'env') given.serverEnv = { ...given.serverEnv, ...(parseValue(name, flag, value) as Record<string, string>) };
    else (given as Record<string, unknown>)[flag.key] = parseValue(name, flag, value);
  }
  if (!given.scenario) throw new UsageError(`--scenario is required\n${USAGE}`);
  const options: BenchOptions = { ...COMMON, ...SCENARIO_DEFAULTS[given.scenario], profile: false, partitioned: false, offloaded: false, serverEnv: {}, ...given } as BenchOptions;
  if (options.rooms > options.sockets && options.scenario !== 'connect' && options.scenario !== 'history') {
    throw new UsageError(`--rooms (${options.rooms}) cannot exceed --sockets (${options.sockets})`);
  }
  return options;
}

function parseValue(name: string, flag: (typeof FLAGS)[string], raw: string): unknown {
  switch (flag.kind) {
    case 'scenario':
      if (!(SCENARIOS as readonly string[]).includes(raw)) throw new UsageError(`--scenario must be one of ${SCENARIOS.join(', ')}, not "${raw}"`);
      return raw;
    case 'targets': {
      const names = raw.split(',').map((t) => t.trim()).filter(Boolean);
      const bad = names.filter((t) => !(TARGETS as readonly string[]).includes(t));
      if (names.length === 0 || bad.length) throw new UsageError(`--targets takes a comma-separated list of ${TARGETS.join(', ')}; got "${raw}"`);
      return [...new Set(names)];
    }
    case 'env': {
      const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(raw);
      if (!m) throw new UsageError(`--${name} takes KEY=VALUE with an upper-case variable name, not "${raw}"`);
      return { [m[1]]: m[2] };
    }
    case 'bool':
      if (raw !== 'true' && raw !== 'false') throw new UsageError(`--${name} is a switch (true|false), not "${raw}"`);
      return raw === 'true';
    default: {
      const n = parseNumber(raw);
      if (n === null || (flag.kind === 'int' && !Number.isInteger(n))) throw new UsageError(`--${name} needs ${flag.kind === 'int' ? 'an integer' : 'a number'}, not "${raw}"`);
      if ((flag.min !== undefined && n < flag.min) || (flag.max !== undefined && n > flag.max)) throw new UsageError(`--${name} must be within ${flag.min}..${flag.max}, not ${n}`);
      return n;
    }
  }
}

/** `1000000`, `1_000_000`, `1e6`, `5k`, `1m` (k and m are thousands and millions). */
export function parseNumber(raw: string): number | null {
  const m = /^([0-9][0-9_]*(?:\.[0-9]+)?(?:e[0-9]+)?)([km]?)$/i.exec(raw.trim());
  if (!m) return null;
  const n = Number(m[1].replace(/_/g, ''));
  const unit = m[2].toLowerCase();
  const scaled = unit === 'k' ? n * 1e3 : unit === 'm' ? n * 1e6 : n;
  return Number.isFinite(scaled) ? Math.round(scaled * 1e9) / 1e9 : null;
}
