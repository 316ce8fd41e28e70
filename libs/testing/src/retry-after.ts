/**
 * Matches the wait a token-bucket refusal asks for: a whole number of seconds, at most the time one
 * token takes to come back, less whatever a slow box spent between the last allowed attempt and the
 * refused one. Exact figures failed on loaded CI boxes (29 s asked where 30 was expected).
 * `as: 'string'` matches the Retry-After header, `'number'` the error's retryAfterSeconds.
 */
export function retryAfterUpTo(maxSeconds: number, as: 'number' | 'string' = 'number') {
  const minSeconds = Math.ceil(maxSeconds * 2 / 3);
  return {
    asymmetricMatch: (value: unknown) => typeof value === as && Number.isInteger(Number(value)) && Number(value) >= minSeconds && Number(value) <= maxSeconds,
    toAsymmetricMatcher: () => `a wait of ${minSeconds} to ${maxSeconds} s (${as})`,
  };
}
