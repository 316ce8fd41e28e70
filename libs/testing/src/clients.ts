import { randomBytes } from 'node:crypto';
import type { AuthResponse, ServerToClientEvents } from '@chat/contracts';
import { ChatApi, ChatApiError, RealtimeClient } from '@chat/sdk';

export interface TestUser {
  api: ChatApi;
  auth: AuthResponse;
  id: string;
}

export const uniqueName = (prefix = 'user') => `${prefix}_${randomBytes(4).toString('hex')}`;

/** Registers a fresh user (in `tenant`, by slug, on a multi-tenant server) and returns an API client logged in as them. */
export async function signUp(baseUrl: string, prefix = 'user', tenant?: string): Promise<TestUser> {
  const api = new ChatApi({ baseUrl, tenant });
  const name = uniqueName(prefix);
  const auth = await api.register(name, `Test ${name}`, 'password-123');
  return { api, auth, id: auth.user.id };
}

/** A connected socket for a user (closed by the caller); a random `deviceId` unless given (the tabs of one browser share one). */
export async function connect(baseUrl: string, token: string, deviceId?: string): Promise<RealtimeClient> {
  const client = new RealtimeClient({ url: baseUrl, token, deviceId, socket: { reconnection: false } });
  await client.connected();
  return client;
}

/** The API's refusal of `work` (status and the contract's error body); anything else, success included, fails the spec. */
export async function refusal(work: Promise<unknown>): Promise<ChatApiError> {
  const err = await work.then(() => null, (e: unknown) => e);
  if (!(err instanceof ChatApiError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err;
}

/** A handshake the server must refuse: the error its connect_error carries (HTTP status and the contract's error body). */
export async function refusedHandshake(baseUrl: string, token: string): Promise<ChatApiError> {
  const client = new RealtimeClient({ url: baseUrl, token, socket: { reconnection: false } });
  try {
    return await refusal(client.connected());
  } finally {
    client.close();
  }
}

/** Connects, trying again every 250 ms until a place frees (a closed socket's release, a dead gateway's lapsed lease) or `timeoutMs` passes. */
export async function eventuallyConnect(baseUrl: string, token: string, timeoutMs = 5_000): Promise<RealtimeClient> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new RealtimeClient({ url: baseUrl, token, socket: { reconnection: false } });
    try {
      await client.connected();
      return client;
    } catch (err) {
      client.close(); // a refused client keeps its transport open until closed
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Records every frame of one event, with a way to wait until a count arrives. */
export function record<E extends keyof ServerToClientEvents>(client: RealtimeClient, event: E) {
  const frames: Parameters<ServerToClientEvents[E]>[0][] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  (client.socket as unknown as { on(e: string, f: (frame: (typeof frames)[number]) => void): void }).on(event, (frame) => {
    frames.push(frame);
    for (const w of waiters.filter((x) => frames.length >= x.n)) w.resolve();
  });
  return {
    frames,
    async waitFor(n: number, timeoutMs = 15_000): Promise<void> {
      if (frames.length >= n) return;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${n} ${event} frames, got ${frames.length}`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
