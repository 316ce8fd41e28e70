import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { signUp, startTestApp, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');

/** The consumer scripts, as an integrator would write them against the installed package. */
const COMMONJS = `
const { ChatApi, RealtimeClient, ErrorCode } = require('@chat-platform/sdk');
(async () => {
  const [url, token, conversationId] = process.argv.slice(2);
  const api = new ChatApi({ baseUrl: url, accessToken: token });
  const socket = new RealtimeClient({ url, token, socket: { reconnection: false } });
  await socket.connected();
  await socket.request('conversation.join', { conversationId });
  const framed = new Promise((resolve) => socket.socket.on('message.created', ({ message }) => resolve(message.body)));
  await api.sendMessage(conversationId, { clientMessageId: 'package-1', body: 'from the package' });
  const refused = await api.getConversation('00000000-0000-7000-8000-000000000000').catch((err) => err.code);
  console.log(JSON.stringify({ framed: await framed, refused, knows: ErrorCode.CONVERSATION_NOT_FOUND }));
  socket.close();
})().catch((err) => { console.error(err); process.exit(1); });
`;
const MODULE = `
import { ChatApi, ErrorCode } from '@chat-platform/sdk';
const api = new ChatApi({ baseUrl: process.argv[2], accessToken: process.argv[3] });
const { messages } = await api.history(process.argv[4]);
console.log(JSON.stringify({ bodies: messages.map((m) => m.body), code: ErrorCode.RATE_LIMITED }));
`;
/** Typed: the package's declarations stand alone, DTOs included. */
const TYPED = `
import { ChatApi, RealtimeClient, type Message, type SendMessageRequest, type ApiErrorBody } from '@chat-platform/sdk';
const api: ChatApi = new ChatApi({ baseUrl: 'http://localhost', retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 2_000 } });
const request: SendMessageRequest = { clientMessageId: 'x', body: 'typed' };
export async function send(conversationId: string): Promise<Message> {
  return (await api.sendMessage(conversationId, request)).message;
}
export const client = (token: string) => new RealtimeClient({ url: 'http://localhost', token });
export const shown = (error: ApiErrorBody): string => error.code;
// @ts-expect-error: the DTOs are checked, not any
export const wrong: SendMessageRequest = { body: 1 };
`;

/** Seed 003 R17.3: \`npm run sdk:pack\` makes a package an integrator installs and uses, from CommonJS, an ES module and TypeScript. */
describe('the published SDK package', () => {
  let server: TestApp;
  let consumer: string;
  beforeAll(async () => {
    const [started, packed] = await Promise.all([startTestApp(allInOne), run(process.execPath, [path.join(ROOT, 'libs/sdk/pack.js')], { cwd: ROOT })]);
    server = started;
    // Installed as npm would: the tarball's package under node_modules, its one dependency beside it.
    consumer = await mkdtemp(path.join(tmpdir(), 'sdk-consumer-'));
    await mkdir(path.join(consumer, 'node_modules/@chat-platform'), { recursive: true });
    await run('tar', ['-xzf', packed.stdout.trim(), '-C', consumer]);
    await rename(path.join(consumer, 'package'), path.join(consumer, 'node_modules/@chat-platform/sdk'));
    await symlink(path.join(ROOT, 'node_modules/socket.io-client'), path.join(consumer, 'node_modules/socket.io-client'));
    await writeFile(path.join(consumer, 'commonjs.cjs'), COMMONJS);
    await writeFile(path.join(consumer, 'module.mjs'), MODULE);
    await writeFile(path.join(consumer, 'typed.ts'), TYPED);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (consumer) await rm(consumer, { recursive: true, force: true });
  });

  it('works from CommonJS and as an ES module against a running server, and type-checks with its DTOs', async () => {
    const alice = await signUp(server.url, 'integrator');
    const { conversation } = await alice.api.createConversation({ type: 'channel', name: 'package-check' });
    const args = [server.url, alice.auth.accessToken, conversation.id];

    const common = await run(process.execPath, [path.join(consumer, 'commonjs.cjs'), ...args], { cwd: consumer });
    expect(JSON.parse(common.stdout)).toEqual({ framed: 'from the package', refused: 'CONVERSATION_NOT_FOUND', knows: 'CONVERSATION_NOT_FOUND' });
    const esm = await run(process.execPath, [path.join(consumer, 'module.mjs'), ...args], { cwd: consumer });
    expect(JSON.parse(esm.stdout)).toEqual({ bodies: ['from the package'], code: 'RATE_LIMITED' });

    const tsc = require.resolve('typescript/bin/tsc');
    await run(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'commonjs', '--moduleResolution', 'node', '--lib', 'es2024,dom', 'typed.ts'], { cwd: consumer });
  });
});
