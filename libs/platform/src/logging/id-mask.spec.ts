import { maskIds } from './id-mask';

describe('maskIds', () => {
  const user = '01a24f74-5a42-700b-9297-b794282f7274';
  const message = '0194F3C2-AB12-7CDE-8F00-1234ABCD5678';

  it('writes every UUID of a line, in fields, text and stacks, as "…" and its last 8 hex digits', () => {
    const line = JSON.stringify({ userId: user, url: `/v1/conversations/${user}/messages`, msg: `The body of message ${message} is gone`, err: { stack: `Error: ${message}\n    at x` } });
    const masked = maskIds(line);
    expect(masked).not.toContain(user);
    expect(masked).not.toContain(message);
    expect(JSON.parse(masked)).toEqual({ userId: '…282f7274', url: '/v1/conversations/…282f7274/messages', msg: 'The body of message …ABCD5678 is gone', err: { stack: 'Error: …ABCD5678\n    at x' } });
  });

  it('keeps request ids whole (support finds a failure by the one its answer carries), and what is not a UUID', () => {
    const line = JSON.stringify({ reqId: user, requestId: user, traceId: '4bf92f3577b34da6a3ce929d0e0e4736', note: `${user}0`, short: '01a24f74-5a42-700b' });
    expect(JSON.parse(maskIds(line))).toEqual({ reqId: user, requestId: user, traceId: '4bf92f3577b34da6a3ce929d0e0e4736', note: `${user}0`, short: '01a24f74-5a42-700b' });
  });
});
