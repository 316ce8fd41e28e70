import { ValidationError } from '@chat/platform';

const RETURN_TO_MAX_CHARS = 1024;
/** An origin no real request has: a path resolved against it and still on it is a same-origin path. */
const PROBE_ORIGIN = 'http://same-origin.invalid';

/**
 * Where the web app wants to land after an SSO login: a path on this origin only (`/`, `/chat?x=1`),
 * never `//host`, `/\host`, a scheme or anything a browser would take to another site (no open redirect).
 */
export function safeReturnTo(raw: string | undefined): string {
  if (raw === undefined || raw === '') return '/';
  const invalid = () => new ValidationError([{ field: 'returnTo', problem: `must be a path on this site, starting with a single "/" (at most ${RETURN_TO_MAX_CHARS} characters)` }]);
  if (raw.length > RETURN_TO_MAX_CHARS || !raw.startsWith('/') || raw.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(raw)) throw invalid();
  const url = new URL(raw, PROBE_ORIGIN);
  if (url.origin !== PROBE_ORIGIN) throw invalid();
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `path` (a safeReturnTo result) with one query parameter set, its fragment kept. */
export function withQueryParam(path: string, name: string, value: string): string {
  const url = new URL(path, PROBE_ORIGIN);
  url.searchParams.set(name, value);
  return `${url.pathname}${url.search}${url.hash}`;
}
