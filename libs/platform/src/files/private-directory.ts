import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Makes `dir` readable by this process's OS user only: created 0700 and, when `ownLeaf`, set to
 * 0700 even where it existed (a folder only this process writes, e.g. one tenant's exports).
 * Missing parents are created as the umask says, and existing ones keep their mode: another OS
 * user may have to pass through them (the embedded Postgres, run as its own user when the server
 * runs as root, to reach DATA_DIR/postgres), or they may be a volume other processes share.
 */
export async function ensurePrivateDirectory(dir: string, { ownLeaf = false } = {}): Promise<void> {
  await mkdir(path.dirname(dir), { recursive: true });
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if (ownLeaf) await chmod(dir, 0o700);
  }
}

/** What a file that only this process's user may read is written with. */
export const PRIVATE_FILE_MODE = 0o600;
