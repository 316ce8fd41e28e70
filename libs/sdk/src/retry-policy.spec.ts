import { ChatApi } from './chat-api';
import { ChatApiError } from './chat-api-error';
import { retryAfterSeconds, retryDelayMs, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { retries: 3, baseDelayMs: 100, maxDelayMs: 5_000 };
const get = { method: 'GET', idempotent: false };
const post = { method: 'POST', idempotent: false };
const status = (code: number, retryAfter: number | null = null) => ({ kind: 'status' as const, status: code, retryAfterSeconds: retryAfter });
const network = { kind: 'network' as const };

describe('retryDelayMs', () => {
  it('backs off exponentially with full jitter, up to the cap, and gives up after the last retry', () => {
    expect(retryDelayMs(1, network, get, policy, () => 1)).toBe(100);
    expect(retryDelayMs(3, network, get, policy, () => 1)).toBe(400);
    expect(retryDelayMs(3, network, get, policy, () => 0.5)).toBe(200);
    expect(retryDelayMs(3, network, get, { ...policy, maxDelayMs: 250 }, () => 1)).toBe(250);
    expect(retryDelayMs(4, network, get, policy)).toBeNull();
  });

  it('repeats what may have been carried out (no answer, 502, 504) only when repeating it cannot do it twice', () => {
    for (const outcome of [network, status(502), status(504)]) {
      expect(retryDelayMs(1, outcome, get, policy)).not.toBeNull();
      expect(retryDelayMs(1, outcome, { method: 'DELETE', idempotent: false }, policy)).not.toBeNull();
      expect(retryDelayMs(1, outcome, post, policy)).toBeNull();
      expect(retryDelayMs(1, outcome, { method: 'POST', idempotent: true }, policy)).not.toBeNull();
    }
  });

  it('repeats any request the server refused before doing it (429, 503), after the Retry-After it asked for, unless that is longer than the cap', () => {
    expect(retryDelayMs(1, status(429, 2), post, policy, () => 0)).toBe(2_000);
    expect(retryDelayMs(1, status(503, 0), post, policy, () => 1)).toBe(100);
    expect(retryDelayMs(1, status(503, 60), get, policy)).toBeNull();
  });

  it('never repeats an answer that says the request itself is wrong or failed', () => {
    for (const code of [400, 401, 403, 404, 409, 413, 500]) expect(retryDelayMs(1, status(code), get, policy)).toBeNull();
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterSeconds('3')).toBe(3);
    expect(retryAfterSeconds(new Date(10_500).toUTCString(), 1_000)).toBe(9);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds('soon')).toBeNull();
  });
});

describe('ChatApi with a retry policy', () => {
  /** A fetch that plays the given answers in turn (an Error is a network failure) and counts the calls. */
  function scripted(...answers: (Error | [number, object, Record<string, string>?])[]) {
    const calls: string[] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${new URL(url).pathname}`);
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      if (next instanceof Error) throw next;
      const [code, body, headers] = next;
      return new Response(JSON.stringify(body), { status: code, headers });
    }) as unknown as typeof globalThis.fetch;
    return { calls, fetch };
  }
  const refused = (code: string) => ({ error: { code, message: code, hint: '', requestId: 'r' } });
  const quick: RetryPolicy = { retries: 2, baseDelayMs: 1, maxDelayMs: 1_000 };

  it('gets an answer through network failures, and the last failure when they go on', async () => {
    const flaky = scripted(new TypeError('fetch failed'), new TypeError('fetch failed'), [200, { isAdmin: false }]);
    await expect(new ChatApi({ baseUrl: 'http://chat', fetch: flaky.fetch, retry: quick }).me()).resolves.toEqual({ isAdmin: false });
    expect(flaky.calls).toHaveLength(3);
    const down = scripted(new TypeError('fetch failed'), new TypeError('fetch failed'), new TypeError('still down'));
    await expect(new ChatApi({ baseUrl: 'http://chat', fetch: down.fetch, retry: quick }).me()).rejects.toThrow('still down');
  });

  it('sends a message again after a lost answer (its clientMessageId makes that safe), but never a registration', async () => {
    const lost = scripted(new TypeError('fetch failed'), [201, { message: { seq: 1 } }]);
    await new ChatApi({ baseUrl: 'http://chat', fetch: lost.fetch, retry: quick }).sendMessage('c1', { clientMessageId: 'm1', body: 'hi' });
    expect(lost.calls).toEqual(['POST /v1/conversations/c1/messages', 'POST /v1/conversations/c1/messages']);
    const once = scripted(new TypeError('fetch failed'), [201, {}]);
    await expect(new ChatApi({ baseUrl: 'http://chat', fetch: once.fetch, retry: quick }).register('ann', 'Ann', 'password-123')).rejects.toThrow('fetch failed');
    expect(once.calls).toHaveLength(1);
  });

  it('waits out a 429 or 503 and succeeds; without a policy the refusal is thrown at once', async () => {
    const busy = scripted([503, refused('SERVICE_UNAVAILABLE'), { 'retry-after': '0' }], [429, refused('RATE_LIMITED'), { 'retry-after': '0' }], [200, { conversations: [] }]);
    await expect(new ChatApi({ baseUrl: 'http://chat', fetch: busy.fetch, retry: quick }).createConversation({ type: 'group', memberIds: [] } as never)).resolves.toEqual({ conversations: [] });
    expect(busy.calls).toHaveLength(3);
    const plain = scripted([429, refused('RATE_LIMITED'), { 'retry-after': '0' }]);
    await expect(new ChatApi({ baseUrl: 'http://chat', fetch: plain.fetch }).me()).rejects.toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(plain.calls).toHaveLength(1);
  });

  it('passes on a refusal whose Retry-After is longer than the policy allows, and any other error at once', async () => {
    const later = scripted([429, refused('TENANT_QUOTA_EXCEEDED'), { 'retry-after': '3600' }]);
    await expect(new ChatApi({ baseUrl: 'http://chat', fetch: later.fetch, retry: quick }).me()).rejects.toBeInstanceOf(ChatApiError);
    expect(later.calls).toHaveLength(1);
    const wrong = scripted([400, refused('VALIDATION_FAILED')]);
    await expect(new ChatApi({ baseUrl: 'http://chat', fetch: wrong.fetch, retry: quick }).me()).rejects.toMatchObject({ status: 400 });
    expect(wrong.calls).toHaveLength(1);
  });
});
