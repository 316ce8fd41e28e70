/**
 * What an HTTP request and its answer leave in the logs. A URL's query can hold secrets (signed
 * media links' `sig`, SSO `code`/`state`, search text `q`, tokens), so a logged URL keeps the path
 * and the query's parameter names, with the values masked but for a few harmless paging ones.
 * Headers are never logged: no Authorization, Cookie, x-mfa-code or service token, and no answer's
 * Location (an SSO redirect carries a one-time login code) or Set-Cookie.
 */
export const MASKED = '[redacted]';

/** Query parameters whose values are paging positions and sizes: kept, to make a log line useful. */
const PLAIN_QUERY_PARAMS = new Set(['limit', 'before', 'after', 'around']);

/** `path?name=value&...` with every value masked but the plain ones; unparseable: the path alone. */
export function urlForLog(url: string): string {
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return url;
  const path = url.slice(0, queryAt);
  const pairs = url
    .slice(queryAt + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [rawName] = pair.split('=', 1);
      let name: string;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        return null;
      }
      // A name is logged only when it looks like one: a secret pasted where a name goes stays out.
      if (!/^[\w.[\]-]{1,32}$/.test(name)) return null;
      return PLAIN_QUERY_PARAMS.has(name) && /^[\w-]{0,40}$/.test(pair.slice(rawName.length + 1)) ? pair : `${name}=${MASKED}`;
    });
  return pairs.some((p) => p === null) ? `${path}?${MASKED}` : `${path}?${pairs.join('&')}`;
}

/** pino-http serializers: a request is its method and masked URL, an answer its status alone. */
export const httpLogSerializers = {
  req: (req: { method: string; url: string }) => ({ method: req.method, url: urlForLog(req.url) }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
};

/** Belt and braces for any line that carries headers anyway (an error with its request): their credentials are removed. */
export const HTTP_LOG_REDACT = ['authorization', 'cookie', 'set-cookie', 'x-mfa-code', 'x-service-token', 'location'].flatMap((header) => [
  `req.headers["${header}"]`,
  `res.headers["${header}"]`,
  `headers["${header}"]`,
  `*.headers["${header}"]`,
]);
