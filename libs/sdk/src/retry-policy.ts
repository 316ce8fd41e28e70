/**
 * When ChatApi tries a request again, and after how long (ChatApiOptions.retry). Off unless asked
 * for: an app with its own retry loop (the web client's outbox) would otherwise retry twice over.
 */
export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /** The first wait; each further one doubles, with full jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  /** No wait is longer: a server asking for more (Retry-After) gets its refusal passed on instead. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 250, maxDelayMs: 10_000 };

/** How an attempt ended: no answer at all (the network), or an HTTP status with its Retry-After, if any. */
export type AttemptOutcome = { kind: 'network' } | { kind: 'status'; status: number; retryAfterSeconds: number | null };

/** Methods whose repetition does what one request does; a POST is one only when it carries its own idempotency key. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1), or null to give up. Refusals the
 * server makes before doing anything (429 over a rate or quota, 503 while it sheds load) are
 * repeated for any request, after the Retry-After they name; a request that may have been carried
 * out (no answer, or 502/504 from a proxy) only when repeating it cannot do it twice.
 */
export function retryDelayMs(attempt: number, outcome: AttemptOutcome, request: { method: string; idempotent: boolean }, policy: RetryPolicy, random = Math.random): number | null {
  if (attempt > policy.retries) return null;
  const repeatable = request.idempotent || IDEMPOTENT_METHODS.has(request.method.toUpperCase());
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * random();
  if (outcome.kind === 'network') return repeatable ? backoff : null;
  const { status, retryAfterSeconds } = outcome;
  if (status === 429 || status === 503) {
    const asked = (retryAfterSeconds ?? 0) * 1000;
    return asked > policy.maxDelayMs ? null : Math.max(asked, backoff);
  }
  if (status === 502 || status === 504) return repeatable ? backoff : null;
  return null;
}

/** Retry-After as seconds (the delta form; an HTTP date is read too), null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}
