/**
 * The Content-Security-Policy of every answer. The web client has no inline script or style
 * element and builds DOM without markup (apps/web/src/dom.ts), so only its own files run:
 * scripts, the push service worker and styles from this origin; API calls and the socket to this
 * origin (ws/wss named too, for browsers whose 'self' does not cover them); attachments are
 * signed links (to this origin, or to the media CDN's when MEDIA_CDN_URL is set) or blob: URLs of
 * authorised downloads; avatar pictures from PROFILE_AVATAR_ORIGINS; no plugins, no <base>, no framing.
 */
function webClientCsp(mediaOrigin: string | null, avatarOrigins: readonly string[]): string[] {
  const media = mediaOrigin ? ` ${mediaOrigin}` : '';
  const avatars = avatarOrigins.map((origin) => ` ${origin}`).join('');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self'${media}${avatars} blob: data:`,
    `media-src 'self'${media} blob:`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ];
}

/**
 * The OpenAPI UI (`/docs`, Swagger UI) is not ours: its page carries inline styles and data: images.
 * Its scripts are still files from this origin only.
 */
export const API_DOCS_CSP = ["default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"];

const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The policy for a request to `path` with `Host: host` (a Host that is not a plain host[:port] is
 * left out of connect-src); `mediaOrigin`: the media CDN's origin, `avatarOrigins`: where avatar
 * pictures may come from (both from validated configuration).
 */
export function contentSecurityPolicy(path: string, host: string | undefined, mediaOrigin: string | null = null, avatarOrigins: readonly string[] = []): string {
  if (path === '/docs' || path.startsWith('/docs/')) return API_DOCS_CSP.join('; ');
  const sockets = host && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [...webClientCsp(mediaOrigin, avatarOrigins), `connect-src 'self'${sockets}`].join('; ');
}
