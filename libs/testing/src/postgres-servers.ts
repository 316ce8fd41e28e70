import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

/**
 * Postgres clusters of a spec's own, on Debian's server binaries (deploy/local/engines.sh fetch
 * postgres), for what the engines' shared cluster cannot be used for: WAL archiving, restores,
 * streaming replicas. The servers run as the postgres OS user, so specs using these need root.
 */
export const PG_OS_USER = 'postgres';

const exec = promisify(execFile);

/** The newest /usr/lib/postgresql/<major>/bin with a server in it. */
export function pgBin(): string {
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base) ? readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin/initdb'))) : [];
  if (!majors.length) throw new Error('no Postgres server under /usr/lib/postgresql: run `bash deploy/local/engines.sh fetch postgres`');
  return path.join(base, majors.sort((a, b) => Number(a) - Number(b)).at(-1)!, 'bin');
}

/** Runs a server binary as the postgres OS user (postgres refuses root). */
export const asPostgres = (bin: string, args: string[]) => exec('runuser', ['-u', PG_OS_USER, '--', path.join(pgBin(), bin), ...args]);

/** Starts the cluster in `dataDir` on `port`, its socket in `socketDir`; answers its server URL (no database). */
export async function startPostgres(dataDir: string, port: number, socketDir: string): Promise<string> {
  await asPostgres('pg_ctl', ['-D', dataDir, '-l', `${dataDir}/server.log`, '-o', `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${socketDir}`, '-w', '-t', '120', 'start']);
  return `postgres://${PG_OS_USER}@127.0.0.1:${port}`;
}

/** Stops the cluster in `dataDir` at once, if it runs. */
export async function stopPostgres(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'postmaster.pid'))) await asPostgres('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
}

/** One statement on its own connection; the rows. */
export async function pgQuery<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
