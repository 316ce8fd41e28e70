import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEngineProcess } from './engine-process';
import { freePort } from './free-port';

/** The EICAR test file: harmless, and detected by every antivirus by agreement. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
/** The name the test database gives it (clamd answers `<name>.UNOFFICIAL` for a local database). */
export const EICAR_SIGNATURE = 'Chat-Test.EICAR';

export interface Clamd {
  /** `tcp://127.0.0.1:<port>`, for MEDIA_SCAN_CLAMD. */
  address: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Debian's clamav-daemon puts clamd in /usr/sbin, which is not on every user's PATH. */
const CLAMD = existsSync('/usr/sbin/clamd') ? '/usr/sbin/clamd' : 'clamd';

/**
 * Starts a real clamd (Debian's clamav-daemon, installed by scripts/install-test-deps.sh) in the
 * foreground on a free loopback port. There is no network for freshclam, so its database is one
 * MD5 signature of EICAR made here (`md5:size:name`, what `sigtool --md5` writes): the engine,
 * protocol and limits are the real ones, only the signature set is small.
 */
export async function startClamd(options: { streamMaxBytes: number; readyTimeoutMs?: number }): Promise<Clamd> {
  const dir = await mkdtemp(path.join(tmpdir(), 'chat-clamd-'));
  const database = path.join(dir, 'db');
  await mkdir(database);
  await writeFile(path.join(database, 'test.hdb'), `${createHash('md5').update(EICAR).digest('hex')}:${EICAR.length}:${EICAR_SIGNATURE}\n`);
  const port = await freePort();
  const config = path.join(dir, 'clamd.conf');
  // No LocalSocket line: TCP on loopback only.
  await writeFile(config, ['Foreground yes', `DatabaseDirectory ${database}`, `TCPSocket ${port}`, 'TCPAddr 127.0.0.1', `StreamMaxLength ${options.streamMaxBytes}`, `PidFile ${path.join(dir, 'clamd.pid')}`, ''].join('\n'));
  const clamd = await startEngineProcess(`clamd did not answer PING on port ${port}`, CLAMD, ['-c', config], dir, async () => (await ping(port)) === 'PONG', {
    timeoutMs: options.readyTimeoutMs ?? 60_000,
    pollMs: 200,
  });
  return { address: `tcp://127.0.0.1:${port}`, ...clamd };
}

/** clamd's answer to `zPING\0`, or null when nothing answers. */
function ping(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end('zPING\0'));
    let answer = '';
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (d) => (answer += d));
    socket.on('error', () => resolve(null));
    socket.on('close', () => resolve(answer.replace(/\0$/, '') || null));
  });
}
