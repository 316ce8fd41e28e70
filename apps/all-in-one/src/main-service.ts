import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProfileSourceBatchRequest, SourceProfile } from '@chat/contracts';

/** A 1×1 PNG: what an avatar URL of the main service serves. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** The service token both sides share (PROFILE_SOURCE_TOKEN). */
export const TOKEN = 'main-service-token-0123456789';

/**
 * The organisation's main service ("kaha-main-v3") as far as profiles go, on a loopback port:
 * `POST /api/batch/profiles` answering the profiles it holds, recording every call (`mode` makes it
 * fail as a real one might), and `GET /avatars/<name>.png` a small picture (any other path 404).
 */
export class MainService {
  readonly profiles = new Map<string, SourceProfile>();
  readonly calls: { ids: string[]; authorization: string | undefined }[] = [];
  mode: 'up' | 'error' | 'hang' = 'up';
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<MainService> {
    let service: MainService | null = null;
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => service!.answer(req.url ?? '', req.headers.authorization, raw, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    service = new MainService(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return service;
  }

  set(id: string, name: string, avatarUrl: string | null): void {
    this.profiles.set(id, { id, name, avatarUrl });
  }

  callsFor(id: string): number {
    return this.calls.filter((c) => c.ids.includes(id)).length;
  }

  /** The URL of a picture it serves (`name` any word), for profiles' avatarUrl. */
  avatar(name: string): string {
    return `${this.url}/avatars/${name}.png`;
  }

  private answer(path: string, authorization: string | undefined, raw: string, res: ServerResponse): void {
    if (/^\/avatars\/\w+\.png$/.test(path)) return void res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(PNG);
    if (path !== '/api/batch/profiles') return void res.writeHead(404).end();
    if (authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
    const { ids } = JSON.parse(raw) as ProfileSourceBatchRequest;
    this.calls.push({ ids, authorization });
    if (this.mode === 'hang') return; // never answers: the caller's timeout must end it
    if (this.mode === 'error') return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"maintenance"}');
    const profiles = ids.flatMap((id) => this.profiles.get(id) ?? []);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ profiles }));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
