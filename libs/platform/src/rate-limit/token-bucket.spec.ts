import { takeToken } from './token-bucket';

describe('takeToken', () => {
  const rule = { ratePerSecond: 10, burst: 3 };

  it('allows a burst, then refuses with the wait until the next token', () => {
    let state;
    for (let i = 0; i < 3; i++) {
      const step = takeToken(state, rule, 1_000);
      expect(step.decision.allowed).toBe(true);
      state = step.state;
    }
    const refused = takeToken(state, rule, 1_000);
    expect(refused.decision).toEqual({ allowed: false, retryAfterMs: 100 });
  });

  it('refills at the configured rate and never above the burst', () => {
    const empty = { tokens: 0, updatedAtMs: 0 };
    expect(takeToken(empty, rule, 50).decision.allowed).toBe(false);
    expect(takeToken(empty, rule, 100).decision.allowed).toBe(true);
    expect(takeToken(empty, rule, 60_000).state.tokens).toBe(2);
  });
});
