import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { ChatApi } from '@chat/sdk';
import { PG_OS_USER, asPostgres, eventually, freePorts, pgQuery, signUp, startPostgres, startTestApp, stopPostgres, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/**
 * Backups and point-in-time recovery (seed 003 R14.2) with the scripts of deploy/backup, on a
 * Postgres cluster of this spec's own: the engines' shared one has no WAL archiving. The all-in-one
 * app writes through its real API; the restored cluster is read by SQL and by the app again.
 * Needs Debian's Postgres server (deploy/local/engines.sh fetch postgres) and root (the server runs
 * as the postgres OS user); not Kafka, Redis or Elasticsearch.
 */
const ROOT = path.resolve(__dirname, '../../..');
const BACKUP = path.join(ROOT, 'deploy/backup');
const exec = promisify(execFile);

/** Runs a deploy/backup script; on failure the error carries its stderr. */
async function script(name: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec('bash', [path.join(BACKUP, name), ...args], { maxBuffer: 16 << 20 });
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`${name} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}`, { cause: err });
  }
}

describe('backups and point-in-time recovery (deploy/backup)', () => {
  let tmp: string;
  let archive: string;
  let backups: string;
  let sockets: string;
  const dataDirs: string[] = [];
  const apps: TestApp[] = [];
  let sourceUrl: string;
  let app: TestApp;
  let owner: TestUser;
  let conversationId: string;

  /** Starts a cluster on a data dir with a port and socket dir of this spec's own. */
  function startCluster(dataDir: string, port: number): Promise<string> {
    dataDirs.push(dataDir);
    return startPostgres(dataDir, port, sockets);
  }

  async function send(user: TestUser, label: string, count: number) {
    const sent = [];
    // One at a time: each is acknowledged (committed) before the next, so the order is the send order.
    for (let i = 0; i < count; i++) sent.push((await user.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: `${label} ${i}` })).message);
    return sent;
  }

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'chat-backup-spec-'));
    await chmod(tmp, 0o755);
    [archive, backups, sockets] = ['archive', 'backups', 'sockets'].map((d) => path.join(tmp, d));
    const source = path.join(tmp, 'source');
    for (const dir of [archive, backups, sockets, source]) await mkdir(dir);
    await exec('chown', [`${PG_OS_USER}:`, archive, sockets, source]);
    await asPostgres('initdb', ['-D', source, '-U', PG_OS_USER, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
    // The archive settings under test, as an operator would add them.
    const { stdout: settings } = await script('pg-archive-settings.sh', ['--archive-dir', archive, '--timeout', '60']);
    // fsync off: this cluster's durability is not under test, its WAL and archive are.
    await writeFile(path.join(source, 'postgresql.conf'), `${await readFile(path.join(source, 'postgresql.conf'), 'utf8')}\nfsync = off\n${settings}`);
    const [port] = await freePorts(1);
    const admin = await startCluster(source, port);
    await pgQuery(`${admin}/postgres`, 'CREATE DATABASE chat');
    sourceUrl = `${admin}/chat`;
    // The product itself migrates the schema and writes every row below.
    const dataDir = path.join(tmp, 'app-data');
    app = await startTestApp(allInOne, { DATABASE_URL: sourceUrl, DATA_DIR: dataDir });
    apps.push(app);
    owner = await signUp(app.url, 'owner');
    conversationId = (await owner.api.createConversation({ type: 'channel', name: `backup-${randomUUID().slice(0, 8)}` })).conversation.id;
  }, 180_000);

  afterAll(async () => {
    for (const a of apps) await a.close().catch(() => undefined);
    for (const dir of dataDirs) await stopPostgres(dir);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }, 60_000);

  it('restores to a point in time: every message acknowledged before it once and in order, none after; the restored database serves the app', async () => {
    const backup = (await script('pg-backup.sh', ['--backup-dir', backups, '--keep', '2', '--wal-archive', archive, '--dbname', `${sourceUrl}?user=${PG_OS_USER}`])).stdout.trim();
    expect(readdirSync(backup).sort()).toEqual(['backup_end', 'backup_label', 'backup_manifest', 'base.tar.gz', 'pg_wal.tar.gz']);

    const batchA = await send(owner, 'A', 20);
    const [{ now: targetTime }] = await pgQuery<{ now: string }>(sourceUrl, `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS now`);
    const batchB = await send(owner, 'B', 20);
    // Closes the segment holding batch B, as archive_timeout would within a minute.
    const [{ segment }] = await pgQuery<{ segment: string }>(sourceUrl, 'SELECT pg_walfile_name(pg_switch_wal()) AS segment');
    await eventually(() => expect(existsSync(path.join(archive, `${segment}.gz`))).toBe(true), { timeoutMs: 30_000 });

    const restored = path.join(tmp, 'restored');
    const { stdout } = await script('pg-restore.sh', ['--backup-dir', backups, '--wal-archive', archive, '--target-dir', restored, '--target-time', targetTime]);
    expect(stdout).toMatch(/^restore_seconds=\d+\.\d$/m);
    const [port] = await freePorts(1);
    const restoredUrl = `${await startCluster(restored, port)}/chat`;

    const rows = await pgQuery<{ id: string; seq: string; body: string }>(restoredUrl, 'SELECT id, seq, body FROM messages WHERE conversation_id = $1 ORDER BY seq', [conversationId]);
    expect(rows.map((r) => ({ id: r.id, seq: Number(r.seq), body: r.body }))).toEqual(batchA.map((m) => ({ id: m.id, seq: m.seq, body: m.body })));
    const [{ count }] = await pgQuery<{ count: string }>(restoredUrl, 'SELECT count(*) FROM messages WHERE id = ANY($1)', [batchB.map((m) => m.id)]);
    expect(Number(count)).toBe(0);
    // Archiving stays off in a restored copy, so it cannot write a new timeline into the source's archive.
    expect((await pgQuery<{ archive_mode: string }>(restoredUrl, 'SHOW archive_mode'))[0].archive_mode).toBe('off');

    const restoredApp = await startTestApp(allInOne, { DATABASE_URL: restoredUrl, DATA_DIR: path.join(tmp, 'restored-app-data') });
    apps.push(restoredApp);
    const api = new ChatApi({ baseUrl: restoredApp.url });
    await api.login(owner.auth.user.username, 'password-123');
    const history = await api.history(conversationId, { limit: 100 });
    expect(history.messages.map((m) => m.body)).toEqual(batchA.map((m) => m.body));
  }, 300_000);

  it('runs the restore drill: newest backup plus all archived WAL, checked and reported, scratch cluster removed', async () => {
    const scratch = path.join(tmp, 'drill');
    await mkdir(scratch);
    const report = path.join(tmp, 'drill-report.txt');
    const { stdout } = await script('restore-drill.sh', ['--backup-dir', backups, '--wal-archive', archive, '--database', 'chat', '--source-url', sourceUrl, '--scratch-dir', scratch, '--report', report]);
    const [{ messages }] = await pgQuery<{ messages: string }>(sourceUrl, 'SELECT count(*) AS messages FROM messages');
    const [{ migrations }] = await pgQuery<{ migrations: string }>(sourceUrl, 'SELECT count(*) AS migrations FROM migrations');
    expect(stdout).toMatch(/^restore drill: PASS$/m);
    // Both batches: the drill replays to the end of the archive, and nothing was sent since.
    expect(stdout).toMatch(new RegExp(`^  rows: .*\\bmessages=${messages}\\b`, 'm'));
    expect(Number(messages)).toBe(40);
    expect(stdout).toMatch(new RegExp(`^  migrations: +${migrations} applied`, 'm'));
    expect(stdout).toMatch(/^  achieved RPO: +0\.0 s/m);
    const rto = Number(/^ {2}restore time: +(\d+\.\d) s/m.exec(stdout)?.[1]);
    expect(rto).toBeGreaterThan(0);
    expect(rto).toBeLessThan(900);
    expect(await readFile(report, 'utf8')).toBe(stdout);
    expect(readdirSync(scratch)).toEqual([]);
    console.info(`restore drill report:\n${stdout}`);
  }, 300_000);

  it('refuses to restore over a non-empty directory or to a time before every backup, and to archive a different file under a taken name', async () => {
    const restored = path.join(tmp, 'restored');
    const before = readdirSync(restored).sort();
    await expect(script('pg-restore.sh', ['--backup-dir', backups, '--wal-archive', archive, '--target-dir', restored])).rejects.toThrow(/is not empty/);
    expect(readdirSync(restored).sort()).toEqual(before);
    // Postgres itself would stop at the backup's end and promote, further on than asked.
    const tooEarly = path.join(tmp, 'too-early');
    await expect(script('pg-restore.sh', ['--backup-dir', backups, '--wal-archive', archive, '--target-dir', tooEarly, '--target-time', '2000-01-01 00:00:00+00'])).rejects.toThrow(/out of reach/);
    expect(existsSync(tooEarly)).toBe(false);

    const taken = readdirSync(archive).find((f) => /^[0-9A-F]{24}\.gz$/.test(f))!;
    const name = taken.replace(/\.gz$/, '');
    const original = path.join(tmp, name);
    await exec('bash', ['-c', 'gzip -dc -- "$1" > "$2"', '_', path.join(archive, taken), original]);
    await script('pg-archive-wal.sh', ['--gzip', original, name, archive]);
    const other = path.join(tmp, 'other-segment');
    await writeFile(other, 'not the archived segment');
    await expect(script('pg-archive-wal.sh', ['--gzip', other, name, archive])).rejects.toThrow(/refusing to overwrite/);
    await exec('bash', ['-c', 'gzip -dc -- "$1" | cmp -s - "$2"', '_', path.join(archive, taken), original]);
  }, 60_000);

  it('keeps the newest N base backups and deletes the WAL only older ones needed', async () => {
    const startWal = (dir: string) => /START WAL LOCATION: .* \(file ([0-9A-F]{24})\)/.exec(readFileSync(path.join(dir, 'backup_label'), 'utf8'))![1];
    const segments = () => readdirSync(archive).filter((f) => /^[0-9A-F]{24}(\.gz)?$/.test(f)).map((f) => f.slice(0, 24)).sort();
    const first = readdirSync(backups).filter((d) => d.startsWith('base-'))[0];
    const oldestBefore = segments()[0];
    expect(oldestBefore <= startWal(path.join(backups, first))).toBe(true);
    for (let i = 0; i < 2; i++) {
      await send(owner, `C${i}`, 2);
      await new Promise((r) => setTimeout(r, 1100)); // backups are named by the second
      await script('pg-backup.sh', ['--backup-dir', backups, '--keep', '2', '--wal-archive', archive, '--dbname', `${sourceUrl}?user=${PG_OS_USER}`]);
    }
    const kept = readdirSync(backups).filter((d) => d.startsWith('base-')).sort();
    expect(kept).toHaveLength(2);
    expect(kept).not.toContain(first);
    const oldestKeptStart = startWal(path.join(backups, kept[0]));
    // Timeline aside (first 8 digits), no segment before the oldest kept backup's start remains.
    expect(segments().filter((s) => s.slice(8) < oldestKeptStart.slice(8))).toEqual([]);
    expect(segments()).not.toContain(oldestBefore);
  }, 180_000);
});

describe('archive settings in the deployment manifests', () => {
  /** The setting lines pg-archive-settings.sh prints for the manifests' layout (scripts in /opt/chat-backup). */
  async function expected(): Promise<Map<string, string>> {
    const { stdout } = await script('pg-archive-settings.sh', ['--archive-dir', '/backups/wal']);
    return new Map(stdout.split('\n').filter((l) => /^\w+ = /.test(l)).map((l) => l.replaceAll(BACKUP, '/opt/chat-backup').split(' = ') as [string, string]));
  }

  it('k8s/backup sets exactly what pg-archive-settings.sh prints', async () => {
    const configMap = parse(readFileSync(path.join(ROOT, 'k8s/backup/postgres-archiving.yaml'), 'utf8')) as { data: Record<string, string> };
    const lines = configMap.data['archiving.conf'].split('\n').filter((l) => /^\w+ = /.test(l));
    expect(new Map(lines.map((l) => l.split(' = ') as [string, string]))).toEqual(await expected());
  });

  it('the compose postgres service archives with the same command and timeout', async () => {
    const compose = parse(readFileSync(path.join(ROOT, 'deploy/docker-compose.yml'), 'utf8'), { merge: true }) as { services: { postgres: { entrypoint: string[] } } };
    const command = compose.services.postgres.entrypoint.join(' ');
    const settings = await expected();
    expect(command).toContain(`-c archive_mode=${settings.get('archive_mode')}`);
    expect(command).toContain(`-c archive_timeout=${settings.get('archive_timeout')}`);
    expect(command).toContain(`-c 'archive_command=${settings.get('archive_command')!.slice(1, -1)}'`);
  });
});
