import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Message } from '@chat/contracts';
import { PG_OS_USER, asPostgres, eventually, freePorts, pgQuery, signUp, startPostgres, startTestApp, stopPostgres, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const exec = promisify(execFile);

/**
 * Seed 004 R12.1, PostgreSQL read replicas: a real streaming replica (pg_basebackup -R) of a
 * primary of this spec's own, named in DATABASE_REPLICA_URLS. Pausing the replica's replay shows
 * which reads it serves: a history page before a seq it has replayed comes from it (an edit made
 * on the primary meanwhile is not in it yet); a page it has not caught up with, and the newest
 * page, come from the primary, whole. A replica that is gone costs no answer. Needs Debian's
 * Postgres server and root, as the backup spec does; not Kafka, Redis or Elasticsearch.
 */
describe('read replicas (DATABASE_REPLICA_URLS)', () => {
  let tmp: string;
  let primaryDir: string;
  let replicaDir: string;
  let replicaUrl: string;
  let app: TestApp;
  let owner: TestUser;
  let conversationId: string;
  const sent: Message[] = [];

  const send = async (count: number) => {
    for (let i = 0; i < count; i++) sent.push((await owner.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: `message ${sent.length + 1}` })).message);
  };
  const page = async (before?: number) => (await owner.api.history(conversationId, { before, limit: 100 })).messages;
  const replicaLastSeq = async () => Number((await pgQuery<{ last_seq: string }>(replicaUrl, 'SELECT last_seq FROM conversations WHERE id = $1', [conversationId]))[0]?.last_seq ?? 0);
  const replicaReads = async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    return Object.fromEntries([...text.matchAll(/^chat_db_replica_reads_total\{outcome="(\w+)"\} (\d+)$/gm)].map(([, outcome, n]) => [outcome, Number(n)]));
  };

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'chat-replica-spec-'));
    await chmod(tmp, 0o755);
    const sockets = path.join(tmp, 'sockets');
    [primaryDir, replicaDir] = [path.join(tmp, 'primary'), path.join(tmp, 'replica')];
    for (const dir of [sockets, primaryDir]) await mkdir(dir);
    await exec('chown', [`${PG_OS_USER}:`, tmp, sockets, primaryDir]);
    // initdb's pg_hba lets 127.0.0.1 replicate; wal_level replica and max_wal_senders are defaults.
    await asPostgres('initdb', ['-D', primaryDir, '-U', PG_OS_USER, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
    await writeFile(path.join(primaryDir, 'postgresql.conf'), `${await readFile(path.join(primaryDir, 'postgresql.conf'), 'utf8')}\nfsync = off\n`);
    const [primaryPort, replicaPort] = await freePorts(2);
    const primary = await startPostgres(primaryDir, primaryPort, sockets);
    await pgQuery(`${primary}/postgres`, 'CREATE DATABASE chat');
    await asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', PG_OS_USER, '-D', replicaDir, '-R', '-X', 'stream']);
    replicaUrl = `${await startPostgres(replicaDir, replicaPort, sockets)}/chat`;

    app = await startTestApp(allInOne, { DATABASE_URL: `${primary}/chat`, DATABASE_REPLICA_URLS: replicaUrl, DATA_DIR: path.join(tmp, 'app-data') });
    owner = await signUp(app.url, 'reader');
    conversationId = (await owner.api.createConversation({ type: 'channel', name: `replica-${randomUUID().slice(0, 8)}` })).conversation.id;
    await send(30);
    await eventually(async () => expect(await replicaLastSeq()).toBe(30), { timeoutMs: 30_000 });
  }, 180_000);

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    for (const dir of [replicaDir, primaryDir]) if (dir) await stopPostgres(dir);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }, 60_000);

  it('serves a page before a replayed seq from the replica, and every other page from the primary, whole', async () => {
    await pgQuery(replicaUrl, 'SELECT pg_wal_replay_pause()');
    const fifth = sent[4];
    await owner.api.editMessage(conversationId, fifth.id, 'edited on the primary');
    const bodyOfFifth = (messages: Message[]) => messages.find((m) => m.id === fifth.id)?.body;

    // Scrolling back from seq 10: the replica holds seqs 1..9 and answers, with the edit not yet replayed.
    const fromReplica = await page(10);
    expect(fromReplica.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(bodyOfFifth(fromReplica)).toBe('message 5');
    // The newest page is the primary's.
    expect(bodyOfFifth(await page())).toBe('edited on the primary');

    // Sent while the replica stands still: a page before seq 33 needs 31 and 32, so the primary answers it.
    await send(3);
    const behind = await page(33);
    expect(behind.map((m) => m.seq)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(bodyOfFifth(behind)).toBe('edited on the primary');

    await pgQuery(replicaUrl, 'SELECT pg_wal_replay_resume()');
    await eventually(async () => expect(bodyOfFifth(await page(10))).toBe('edited on the primary'), { timeoutMs: 30_000 });
    const reads = await replicaReads();
    expect(reads.replica).toBeGreaterThanOrEqual(2);
    expect(reads.behind).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('answers from the primary while the replica is gone', async () => {
    await stopPostgres(replicaDir);
    const unavailableBefore = (await replicaReads()).unavailable ?? 0;
    expect((await page(33)).map((m) => m.seq)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect((await page(10)).length).toBe(9);
    // The first read found it gone; the next skipped it.
    expect((await replicaReads()).unavailable).toBe(unavailableBefore + 1);
  }, 60_000);
});
