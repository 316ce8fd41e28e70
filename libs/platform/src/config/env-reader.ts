const HEX_KEY_32 = /^[0-9a-f]{64}$/i;
/** Standard or url-safe base64 (Buffer.from would skip any other character and decode the rest). */
const BASE64 = /^[\w+/-]+={0,2}$/;

/** Reads typed values out of an environment map and collects every problem by variable name. */
export class EnvReader {
  readonly problems: string[] = [];
  /** Every variable asked for, so manifests can be checked against what the app reads. */
  readonly names = new Set<string>();

  constructor(private readonly env: Record<string, string | undefined>) {}

  private raw(name: string): string | undefined {
    this.names.add(name);
    return this.env[name];
  }

  string(name: string, fallback: string): string;
  string(name: string, fallback: null): string | null;
  string(name: string, fallback: string | null): string | null {
    const raw = this.raw(name);
    return raw === undefined || raw === '' ? fallback : raw;
  }

  /** Like string, but set to '' it stays '' instead of falling back: for a setting whose empty value turns something off. */
  stringOrEmpty(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  /**
   * A shared secret (a signing key, a token between apps); unset: null. At least 32 characters: a
   * shorter one, or a placeholder like "change-me", can be guessed offline from one token it signed.
   * The problem never shows the value.
   */
  secret(name: string): string | null {
    const value = this.string(name, null);
    if (value !== null && value.length < 32) this.problems.push(`${name} must be at least 32 characters (a random one: openssl rand -base64 32)`);
    return value;
  }

  /** Two settings read already that must keep an order (a page's default size and its maximum, a base delay and its cap). */
  atMost(name: string, value: number, limitName: string, limit: number): void {
    if (value > limit) this.problems.push(`${name} must not exceed ${limitName} (${value} > ${limit})`);
  }

  int(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.raw(name);
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer in ${min}..${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.raw(name);
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.raw(name);
    if (raw === undefined || raw === '') return fallback;
    if (!allowed.includes(raw as T)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  }

  /** An absolute URL (optionally of given protocols), normalised without a trailing slash. */
  url(name: string, fallback: null, protocols: readonly string[] = ['http:', 'https:']): string | null {
    const raw = this.string(name, null);
    if (raw === null) return fallback;
    try {
      const parsed = new URL(raw);
      if (protocols.includes(parsed.protocol)) return raw.replace(/\/+$/, '');
    } catch {
      // reported below
    }
    this.problems.push(`${name} must be a ${protocols.join(' or ')} URL (got "${raw}")`);
    return fallback;
  }

  /**
   * A comma-separated list of at least one item, each matching `pattern`; `format` shows the
   * expected form in the problem (unset: an empty list).
   */
  list(name: string, pattern: RegExp, format: string): string[] {
    const raw = this.string(name, null);
    if (raw === null) return [];
    const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
    if (items.length === 0 || items.some((item) => !pattern.test(item))) {
      this.problems.push(`${name} must be ${format} (got "${raw}")`);
      return [];
    }
    return items;
  }

  /**
   * A 256-bit key written as 64 hex digits or as base64 (standard or url-safe); unset: null.
   * Surrounding whitespace is dropped: a key read from a file ends in a newline.
   */
  key32(name: string): Buffer | null {
    const raw = this.string(name, null);
    return raw === null ? null : this.decodeKey32(name, raw.trim());
  }

  /** A comma-separated list of keys, each written as key32 takes one; unset: none. */
  key32List(name: string): Buffer[] {
    const entries = (this.string(name, null) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return entries.flatMap((entry, i) => this.decodeKey32(`${name} (key ${i + 1} of ${entries.length})`, entry) ?? []);
  }

  /** The problem names the key by `label` and never shows its value: it is a secret. */
  private decodeKey32(label: string, raw: string): Buffer | null {
    const key = HEX_KEY_32.test(raw) ? Buffer.from(raw, 'hex') : BASE64.test(raw) ? Buffer.from(raw, 'base64') : null;
    if (key?.length === 32) return key;
    this.problems.push(`${label} must be 32 bytes, as 64 hex digits or base64 (got ${key ? `${key.length} bytes` : 'other characters'})`);
    return null;
  }

  /** A name safe inside Kafka topics, Redis keys and index names. */
  name(name: string, fallback: string): string {
    const raw = this.string(name, fallback);
    if (/^[a-z0-9][a-z0-9_-]{0,62}$/.test(raw)) return raw;
    this.problems.push(`${name} must be lower-case letters, digits, _ or - (got "${raw}")`);
    return fallback;
  }

  ratio(name: string, fallback: number): number {
    const raw = this.raw(name);
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      this.problems.push(`${name} must be a number in 0..1 (got "${raw}")`);
      return fallback;
    }
    return value;
  }
}
