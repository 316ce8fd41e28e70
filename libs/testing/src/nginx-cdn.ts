import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEngineProcess } from './engine-process';

export interface NginxCdn {
  /** `http://127.0.0.1:<port>`, for MEDIA_CDN_URL. */
  url: string;
  stop(): Promise<void>;
}

/** Debian's nginx-light puts nginx in /usr/sbin, which is not on every user's PATH. */
const NGINX = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';

/**
 * A real caching edge in front of `origin`, as a CDN stands in front of the media routes: Debian's
 * nginx (installed by scripts/install-test-deps.sh) with a proxy cache keyed by the whole request
 * URI, honouring the origin's Cache-Control as CDNs do. Every answer says `X-Cache-Status`
 * (MISS, HIT, …) so a test can tell a copy from a fetch. One process in the foreground, all its
 * files in a temporary directory; `port` must be free (chosen before the origin starts, since the
 * origin's MEDIA_CDN_URL names it).
 */
export async function startNginxCdn(port: number, origin: string): Promise<NginxCdn> {
  const dir = await mkdtemp(path.join(tmpdir(), 'chat-nginx-'));
  const at = (name: string) => path.join(dir, name);
  const config = `
daemon off;
master_process off;
pid ${at('nginx.pid')};
error_log ${at('error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${at('body')};
  proxy_temp_path ${at('proxy')};
  fastcgi_temp_path ${at('fastcgi')};
  uwsgi_temp_path ${at('uwsgi')};
  scgi_temp_path ${at('scgi')};
  proxy_cache_path ${at('cache')} levels=1:2 keys_zone=media:1m max_size=64m inactive=1h use_temp_path=off;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass ${origin};
      proxy_cache media;
      proxy_cache_key $request_uri;
      add_header X-Cache-Status $upstream_cache_status always;
    }
  }
}
`;
  await writeFile(at('nginx.conf'), config);
  const { stop } = await startEngineProcess(`nginx did not listen on port ${port}`, NGINX, ['-p', dir, '-c', at('nginx.conf')], dir, () => listening(port), { timeoutMs: 15_000, pollMs: 100 });
  return { url: `http://127.0.0.1:${port}`, stop };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
